"""``rightsgraph serve``: a read-only SPARQL 1.1 endpoint and a browsing site.

``create_app(Site(config))`` builds the Starlette application; ``serve(config)``
binds the port and runs it under uvicorn until Ctrl-C (SIGHUP reloads the store).
"""

from __future__ import annotations

from .app import create_app, serve
from .site import ServeConfig, Site

__all__ = ["ServeConfig", "Site", "create_app", "serve"]
