"""Plain records for the modules a plain ``rightsgraph query NAME`` runs.

``@dataclass`` would write the same methods, but importing ``dataclasses`` loads
``inspect`` and with it ``ast``, ``dis`` and ``tokenize``: more than the rest of
the command's imports together, on every run. A ``Record`` subclass lists its
fields in ``__slots__`` and sets them in its own ``__init__``; this base gives it
the ``repr`` and ``==`` a dataclass would have (equal when of the same class
with equal fields; unhashable unless the subclass says otherwise).
"""

from __future__ import annotations


class Record:
    """Fields in ``__slots__``; ``repr`` and ``==`` from them, as ``@dataclass`` writes."""

    __slots__: tuple[str, ...] = ()

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({shown})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    # defining __eq__ leaves __hash__ None: unhashable, as a (mutable) dataclass is
