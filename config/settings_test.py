"""Test settings: the real settings, with the few changes tests need.

The database is still PostgreSQL: DATABASE_URL (the Makefile points it at the
server on 127.0.0.1:5432 when one answers) or the embedded server.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

from config.settings import *  # noqa: F403

# Fast hashing: the validators, not the hasher, are what tests check.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Hashed static names need collectstatic; tests serve the plain files.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# WhiteNoise finds files through the finders, as in DEBUG: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tasks run at once, inside the request that queues them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PSEUDONYM_KEY = "test-pseudonym-key"
