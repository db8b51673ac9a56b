"""``python -m rightsgraph``: the same as the ``rightsgraph`` console script."""

from rightsgraph.cli.launch import main

main()
