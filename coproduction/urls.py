"""Co-production routes, all under /areas/<area>/ (each views module lists its own)."""

from coproduction.views import moderation, public, settings, submit, themes

app_name = "coproduction"

urlpatterns = [
    *submit.urlpatterns,
    *public.urlpatterns,
    *moderation.urlpatterns,
    *themes.urlpatterns,
    *settings.urlpatterns,
]
