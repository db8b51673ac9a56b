"""rightsgraph: who did what, who says so, and who holds whom to account.

The library is the product; the CLI (`rightsgraph.cli`) is a thin layer over it.
Heavy libraries (rdflib, pyshacl, networkx) are imported inside the functions
that need them so that `rightsgraph --help` stays fast.
"""

__version__ = "0.1.0"
