"""Co-production routes, all under /areas/<area>/ (each views module lists its own)."""

from coproduction.views import submit

app_name = "coproduction"

urlpatterns = [
    *submit.urlpatterns,
]
