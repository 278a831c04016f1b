from django.contrib.staticfiles.storage import ManifestStaticFilesStorage


class PortalManifestStaticFilesStorage(ManifestStaticFilesStorage):
    """Hashed static names, rewriting the ES-module imports in static/js/init.js too."""

    support_js_module_import_aggregation = True
