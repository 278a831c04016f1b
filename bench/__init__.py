"""Benchmarks of the portal's pages, run with ``python -m bench`` or ``make bench``.

Speed is measured here, not asserted in tests (QUALITY.md "Performance"): each
run imports DfE's real statistics into a scratch database through the portal's
importer, timed against PostgreSQL's bare COPY of the same files
(``bench.imports``), loads synthetic areas, times every page in
``bench.pages.PAGES`` against the SQL its data needs, and writes the figures,
side by side, to docs/benchmarks.md.
"""
