"""Commands that live in their own modules and are imported only when used
(click's lazy subcommand pattern), so ``rightsgraph --help`` stays light."""
