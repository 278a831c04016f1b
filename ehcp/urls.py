"""EHCP timeliness: an area's case-data imports, measures and hand-entered monthly figures."""

from ehcp.views import dashboard, ledger, monthly, targets

app_name = "ehcp"

urlpatterns = [
    *monthly.urlpatterns,
    *targets.urlpatterns,
    *dashboard.urlpatterns,
    *ledger.urlpatterns,
]
