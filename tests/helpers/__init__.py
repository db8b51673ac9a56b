"""What several test modules share, imported as ``helpers.<module>`` (pytest puts
``tests/`` on the path): real servers on 127.0.0.1 (``servers``), Debian's
Chromium driven by Playwright (``chromium``), the Turtle prefix header of the
shipped context (``turtle``), the synthetic-graph generator of ``benchmarks/``
and the checkout's neighbours (``paths``). No tests here."""
