"""Drafting a contribution from the archived plain text of one document.

The pipeline is: ``text`` (read the file, split it into blocks with locators,
drop boilerplate, split sentences), ``mentions`` (known entities by label and
alias, unknown names and role phrases), ``dates`` and ``counts`` (the
document's own wording turned into bounds), ``candidates`` (one candidate claim
per reporting or action clause), ``known`` (candidates that are further evidence
for an existing claim, and lineage) and ``write`` (Turtle or the CSV template).
Every value carries the rule that produced it and a confidence, because the
output is for a curator to review, never to merge unread.
"""
