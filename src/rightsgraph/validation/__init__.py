"""Validation: one entry point per store kind, SHACL engines (pySHACL on files,
the compiled validator on Oxigraph), consistency checks against the existing
graph, and rules that compare several nodes with each other (an evidence
record's quote against the actor its claim names, for one)."""
