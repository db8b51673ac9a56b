"""Checks of the data beyond syntax and shapes: rules that compare several
nodes with each other (an evidence record's quote against the actor its claim
names, for one)."""
