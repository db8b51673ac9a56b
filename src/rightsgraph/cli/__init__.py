"""The command line: one module per command, over the library.

Kept free of imports on purpose: the console script's entry (``launch.py``) lives
in this package and must start without loading click.
"""
