"""Needs views: an area's dashboard of DfE's EHC plan figures, its printable version and the
download of each chart's numbers. Public: the figures are published open data."""

from __future__ import annotations

from django.http import Http404
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from core import exports
from core.access import AreaAccessMixin
from core.models import AuditEvent, Role
from core.services import record_event
from needs import dashboard, indicator_selectors

INDICATOR_EDITORS = frozenset({Role.COMMISSIONER, Role.AREA_ADMIN})

#: Stands for a chart's slug in a reversed download URL (a valid slug no chart has).
CHART = "chart-slug"


class DashboardView(AreaAccessMixin, TemplateView):
    public = True
    template_name = "needs/dashboard.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = dashboard.dashboard(access=self.access)
        # Each format's URL reversed once, with a stand-in for the chart (reversing costs
        # about 0.2 ms, and the page links every chart twice).
        urls = {
            fmt: reverse(
                f"needs:dashboard-{fmt}", kwargs={"area": self.area.slug, "chart": CHART}
            ).rpartition(CHART)
            for fmt in exports.FORMATS
        }

        def links(name: str) -> dict[str, str]:
            return {fmt: f"{head}{name}{tail}" for fmt, (head, _, tail) in urls.items()}

        context.update(
            board=board,
            # beside DfE's figures, for the area's own people only
            local_indicators=indicator_selectors.local_indicators(self.access),
            can_edit_indicators=self.access.has_any(INDICATOR_EDITORS),
            marker_key=dashboard.MARKER_KEY,
            summary_links=links(dashboard.SUMMARY_SLUG),
            panels=[
                (section, [(chart, links(chart.slug)) for chart in section.charts])
                for section in (board.sections if board else [])
            ],
        )
        return context


class DashboardPrintView(DashboardView):
    template_name = "needs/dashboard_print.html"


class DashboardDownloadView(AreaAccessMixin, View):
    """One chart's table (or the summary table) as CSV or Excel: the numbers the page shows."""

    public = True
    http_method_names = ["get", "head"]
    fmt = "csv"

    def get(self, request, *args, **kwargs):
        found = dashboard.download_table(access=self.access, slug=kwargs["chart"])
        if found is None:
            raise Http404("No such chart")
        headers, rows, filename = found
        record_event(
            action=AuditEvent.Action.EXPORTED, actor=request.user, area=self.area,
            object_type="needs.dashboard", object_id=kwargs["chart"],
            summary=f"Needs dashboard {kwargs['chart']} as {self.fmt}",
        )  # fmt: skip
        return exports.download(headers=headers, rows=rows, filename=filename, fmt=self.fmt)


urlpatterns = [
    path("areas/<slug:area>/needs/", DashboardView.as_view(), name="dashboard"),
    path("areas/<slug:area>/needs/print/", DashboardPrintView.as_view(), name="dashboard-print"),
    path(
        "areas/<slug:area>/needs/<slug:chart>.csv",
        DashboardDownloadView.as_view(fmt="csv"),
        name="dashboard-csv",
    ),
    path(
        "areas/<slug:area>/needs/<slug:chart>.xlsx",
        DashboardDownloadView.as_view(fmt="xlsx"),
        name="dashboard-xlsx",
    ),
]
