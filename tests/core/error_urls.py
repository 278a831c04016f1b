"""A URLconf for error-page tests: the real routes plus one that fails."""

from django.urls import path

from config.urls import urlpatterns as real_urlpatterns


def explode(request):
    raise RuntimeError("canary-traceback-text")


urlpatterns = [path("explode/", explode), *real_urlpatterns]
handler500 = "core.views.server_error"
