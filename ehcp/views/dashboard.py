"""EHCP timeliness views: an area's dashboard for a month, the flight board, the capacity
forecast with its what-if, each chart's numbers as CSV, and the pseudonymised case list.

Thin: one read (:mod:`ehcp.selectors`, two queries whatever the number of cases) handed to
the pure builders of :mod:`ehcp.dashboard`. Commissioners, board members and area admins
read the measures; only commissioners and area admins read the case list.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.urls import path, reverse
from django.views.generic import TemplateView

from core import exports
from core.access import AreaAccessMixin
from core.forms import GovukForm
from core.models import AuditEvent
from core.services import record_event
from ehcp import dashboard, selectors, targets
from ehcp.dashboard import Timeline

#: every chart's slug and the page that draws it
CHARTS = {
    **dict.fromkeys(dashboard.TIMELINESS_CHARTS, "timeliness"),
    **dict.fromkeys(dashboard.FLIGHT_BOARD_CHARTS, "flight-board"),
    **dict.fromkeys(dashboard.FORECAST_CHARTS, "forecast"),
}
CASE_ROLES = selectors.CASE_READERS
MAX_EXTRA = 500
CASES_PER_PAGE = 50


# --- Forms -----------------------------------------------------------------------------------


class MonthForm(GovukForm):
    """The month the dashboard shows: ``?month=2021-03``, one of the months with figures."""

    month = forms.ChoiceField(label="Month", widget=forms.Select)

    def __init__(self, *args, timeline: Timeline, **kwargs):
        super().__init__(*args, **kwargs)
        months = timeline.months
        first, last = dashboard.month_name(months[-1]), dashboard.month_name(months[0])
        message = f"Select a month between {first} and {last}"
        field = self.fields["month"]
        field.choices = [(f"{m:%Y-%m}", dashboard.month_name(m)) for m in months]
        field.help_text = f"The data has monthly figures from {first} to {last}"
        field.error_messages = {"required": message, "invalid_choice": message}

    def chosen(self) -> date:
        return date.fromisoformat(self.cleaned_data["month"] + "-01")


class WhatIfForm(GovukForm):
    extra = forms.IntegerField(
        label="Extra plans issued a month",
        min_value=0,
        max_value=MAX_EXTRA,
        help_text=f"A whole number from 0 to {MAX_EXTRA}, like 20",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "required": f"Enter a number of extra plans a month, from 0 to {MAX_EXTRA}",
            "invalid": "Extra plans a month must be a whole number, like 20",
            "min_value": "Extra plans a month must be 0 or more",
            "max_value": f"Extra plans a month must be {MAX_EXTRA} or fewer",
        },
    )


class FlagForm(GovukForm):
    flag = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "All cases"), ("any", "Cases with any flag"), *dashboard.FLAGS.items()],
        error_messages={"invalid_choice": "Select which cases to show from the list"},
    )


def _bound(form_class, request, name: str, **kwargs):
    """The form bound to the query string when it carries ``name``, else unbound."""
    data = request.GET if name in request.GET else None
    return form_class(data, **kwargs)


# --- Pages -----------------------------------------------------------------------------------


class EhcpView(AreaAccessMixin, TemplateView):
    """A page of the area's EHCP measures: reads the cases once."""

    allowed_roles = selectors.MEASURE_READERS
    http_method_names = ["get", "head"]

    def read(self) -> tuple[list, Timeline | None]:
        cases = selectors.cases_for(self.access)
        if not cases:
            return cases, None
        return cases, dashboard.timeline(cases, selectors.extract_date(self.access))

    def csv_url(self, slug: str, query: str = "") -> str:
        url = reverse("ehcp:timeliness-csv", kwargs={"area": self.area.slug, "chart": slug})
        return f"{url}?{query}" if query else url

    def prefix(self, when: str) -> str:
        return f"{self.area.slug}-ehcp-{when}"


class TimelinessView(EhcpView):
    template_name = "ehcp/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cases, timeline = self.read()
        context.update(timeline=timeline, can_see_cases=self.access.has_any(CASE_ROLES))
        if timeline is None:
            return context
        form = _bound(MonthForm, self.request, "month", timeline=timeline)
        month = form.chosen() if form.is_bound and form.is_valid() else timeline.latest
        sections = dashboard.timeliness_sections(cases, month, prefix=self.prefix(f"{month:%Y-%m}"))
        query = f"month={month:%Y-%m}"
        context.update(
            form=form,
            month=month,
            panels=[
                (section, [(chart, self.csv_url(chart.slug, query)) for chart in section.charts])
                for section in sections
            ],
        )
        return context


class FlightBoardView(EhcpView):
    template_name = "ehcp/flight_board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cases, timeline = self.read()
        context.update(timeline=timeline, can_see_cases=self.access.has_any(CASE_ROLES))
        if timeline is not None:
            day = timeline.as_of
            page = dashboard.flight_board_page(cases, day, prefix=self.prefix(f"{day}"))
            context.update(
                page=page,
                charts=[(chart, self.csv_url(chart.slug)) for chart in page.charts],
            )
        return context


class ForecastView(EhcpView):
    template_name = "ehcp/forecast.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cases, timeline = self.read()
        context.update(timeline=timeline, can_see_cases=self.access.has_any(CASE_ROLES))
        if timeline is None:
            return context
        form = _bound(WhatIfForm, self.request, "extra")
        extra = form.cleaned_data["extra"] if form.is_bound and form.is_valid() else None
        page = dashboard.forecast_page(
            cases,
            timeline.latest,
            extra=extra,
            prefix=self.prefix(_forecast_name(timeline, extra)),
            target=targets.forecast_target(self.access),
        )
        query = f"extra={extra}" if extra else ""
        context.update(
            form=form,
            page=page,
            charts=[(chart, self.csv_url(chart.slug, query)) for chart in page.charts]
            if page
            else [],
        )
        return context


def _forecast_name(timeline: Timeline, extra: int | None) -> str:
    name = f"forecast-from-{timeline.latest:%Y-%m}"
    return f"{name}-plus-{extra}" if extra else name


class CaseListView(EhcpView):
    """The pseudonymised case list, for data quality: commissioners and area admins only."""

    allowed_roles = CASE_ROLES
    template_name = "ehcp/cases.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cases = selectors.case_list_for(self.access)
        timeline = dashboard.timeline(cases, selectors.extract_date(self.access))
        form = _bound(FlagForm, self.request, "flag")
        flag = form.cleaned_data["flag"] if form.is_bound and form.is_valid() else ""
        context.update(timeline=timeline, form=form, flag=flag, can_see_cases=True)
        if timeline is None:
            return context
        rows = dashboard.case_rows(cases, timeline.as_of)
        shown = dashboard.with_flag(rows, flag)
        page = Paginator(shown, CASES_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            total=len(rows),
            matching=len(shown),
            flag_counts=dashboard.flag_counts(rows),
            absent_count=sum(1 for row in rows if row.absent_since is not None),
            page_obj=page,
            flag_query=f"flag={flag}&" if flag else "",
        )
        return context


# --- Downloads -------------------------------------------------------------------------------


class ChartDownloadView(EhcpView):
    """One chart's table as CSV: the numbers its page shows (for the same month or what-if)."""

    def get(self, request, *args, **kwargs):
        slug = kwargs["chart"]
        page = CHARTS.get(slug)
        if page is None:
            raise Http404("No such chart")
        cases, timeline = self.read()
        charts, problem = self.charts(page, cases, timeline) if timeline else ([], "")
        if problem:
            return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
        chart = next((c for c in charts if c.slug == slug), None)
        # No case data yet, or no forecast (nothing ended in the last 6 months): an empty file,
        # as the needs dashboard's downloads do before DfE's figures are imported.
        headers, rows = (chart.headers, chart.rows) if chart else ([], [])
        filename = chart.csv_filename if chart else self.prefix(slug)
        record_event(
            action=AuditEvent.Action.EXPORTED, actor=request.user, area=self.area,
            object_type="ehcp.timeliness", object_id=slug,
            summary=f"EHCP timeliness {filename} as csv",
        )  # fmt: skip
        return exports.download(headers=headers, rows=rows, filename=filename, fmt="csv")

    def charts(self, page: str, cases, timeline: Timeline) -> tuple[list, str]:
        request = self.request
        if page == "timeliness":
            form = _bound(MonthForm, request, "month", timeline=timeline)
            if form.is_bound and not form.is_valid():
                return [], form.errors["month"][0]
            month = form.chosen() if form.is_bound else timeline.latest
            sections = dashboard.timeliness_sections(
                cases, month, prefix=self.prefix(f"{month:%Y-%m}")
            )
            return [chart for section in sections for chart in section.charts], ""
        if page == "flight-board":
            day = timeline.as_of
            return dashboard.flight_board_page(cases, day, prefix=self.prefix(f"{day}")).charts, ""
        form = _bound(WhatIfForm, request, "extra")
        if form.is_bound and not form.is_valid():
            return [], form.errors["extra"][0]
        extra = form.cleaned_data["extra"] if form.is_bound else None
        found = dashboard.forecast_page(
            cases,
            timeline.latest,
            extra=extra,
            prefix=self.prefix(_forecast_name(timeline, extra)),
            target=targets.forecast_target(self.access),
        )
        return (found.charts if found else []), ""


urlpatterns = [
    path("areas/<slug:area>/ehcp/", TimelinessView.as_view(), name="timeliness"),
    path(
        "areas/<slug:area>/ehcp/<slug:chart>.csv",
        ChartDownloadView.as_view(),
        name="timeliness-csv",
    ),
    path("areas/<slug:area>/ehcp/flight-board/", FlightBoardView.as_view(), name="flight-board"),
    path("areas/<slug:area>/ehcp/forecast/", ForecastView.as_view(), name="forecast"),
    path("areas/<slug:area>/ehcp/cases/", CaseListView.as_view(), name="cases"),
]
