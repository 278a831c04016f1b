"""WSGI entry point, e.g. ``gunicorn config.wsgi``. Refuses to start without a secret key."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
try:
    settings.SECRET_KEY  # noqa: B018 - Django raises here when the key is empty
except ImproperlyConfigured as missing:
    raise ImproperlyConfigured("Set the DJANGO_SECRET_KEY environment variable") from missing
application = get_wsgi_application()
