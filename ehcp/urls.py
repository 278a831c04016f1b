"""EHCP timeliness: an area's case-data imports, measures and hand-entered monthly figures."""

from ehcp.views import board_pack, dashboard, imports, ledger, monthly, published, targets

app_name = "ehcp"

urlpatterns = [
    *imports.urlpatterns,
    *monthly.urlpatterns,
    *targets.urlpatterns,
    *dashboard.urlpatterns,
    *ledger.urlpatterns,
    *board_pack.urlpatterns,
    *published.urlpatterns,
]
