"""The public library API of ``rightsgraph/__init__.py``: its examples run as
doctests on the real data, and importing the package loads none of the engines."""

from __future__ import annotations

import doctest
import subprocess
import sys

import rightsgraph


def test_the_examples_in_the_package_docstring_run() -> None:
    result = doctest.testmod(rightsgraph, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted >= 10, "the package docstring lost its examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed"


def test_every_public_name_resolves_and_is_listed() -> None:
    for name in rightsgraph.API:
        assert getattr(rightsgraph, name) is not None, name
        assert name in dir(rightsgraph)
    assert sorted(rightsgraph.__all__) == sorted(rightsgraph.API)


def test_public_names_survive_importing_the_subpackages() -> None:
    """Importing a subpackage sets it as an attribute of the package: no public name
    may be one (``rightsgraph.export`` would turn from a function into a module)."""
    import importlib
    import pkgutil

    names = {i.name for i in pkgutil.iter_modules(rightsgraph.__path__)} - {"__main__"}
    for name in names:  # __main__ would run the command line
        importlib.import_module(f"rightsgraph.{name}")
    for name in rightsgraph.API:
        assert callable(getattr(rightsgraph, name)), name
    assert not set(rightsgraph.API) & names


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        rightsgraph.no_such_function  # noqa: B018
    except AttributeError as exc:
        assert "no_such_function" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("rightsgraph.no_such_function did not raise")


def test_importing_the_package_loads_no_engine() -> None:
    code = (
        "import sys, rightsgraph\n"
        "heavy = [m for m in ('rdflib', 'pyshacl', 'pyoxigraph', 'networkx', 'click') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
