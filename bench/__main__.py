"""``python -m bench``: run the benchmarks in a scratch database (see bench/runner.py)."""

import logging
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()
# Each sign-in of the benchmark's test client is audited; those lines are noise here.
logging.getLogger("portal.audit").setLevel(logging.WARNING)

from bench.runner import main  # noqa: E402

raise SystemExit(main(sys.argv[1:]))
