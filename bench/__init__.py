"""Benchmarks of the portal's pages, run with ``python -m bench`` or ``make bench``.

Speed is measured here, not asserted in tests (QUALITY.md "Performance"): each
run loads synthetic areas into a scratch database, times every page in
``bench.pages.PAGES`` against the SQL its data needs, and writes the figures,
side by side, to docs/benchmarks.md.
"""
