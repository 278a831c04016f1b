"""EHCP views: the performance framework report (the board pack) for three consecutive months,
on screen, as a printable A4 page, as a downloadable HTML file and as a CSV of its numbers.

Thin: the reads (:mod:`ehcp.selectors`, :mod:`ehcp.snapshots` and the targets below, a fixed
number of queries whatever the number of cases or months) handed to the pure builder
:func:`ehcp.board_pack.build`. Commissioners, board members and area admins read it
(``ehcp.views.monthly.READERS``).
"""

from __future__ import annotations

import functools
from datetime import date

from django import forms
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path, reverse
from django.views.generic import TemplateView

from core import exports
from core.access import AreaAccess, AreaAccessMixin
from core.forms import GovukForm
from core.models import AuditEvent
from core.services import record_event
from ehcp import board_pack, dashboard, monthly_services, selectors, snapshots, targets
from ehcp.measures import add_months, financial_year_start, month_of
from ehcp.views.monthly import READERS

# --- Reads (each through the requester's AreaAccess) -------------------------------------------


def target_points(access: AreaAccess) -> dict[str, list[tuple[date, float]]]:
    """Target measure -> [(due, value)], oldest first (one query)."""
    points: dict[str, list[tuple[date, float]]] = {}
    for row in targets.targets(access).order_by("measure", "due"):
        points.setdefault(row.measure, []).append((row.due, float(row.value)))
    return points


# --- The month chosen --------------------------------------------------------------------------


class PackForm(GovukForm):
    """The three months: ``?to=2021-03``, a month with figures that has two before it."""

    to = forms.ChoiceField(label="Three months ending", widget=forms.Select)

    def __init__(self, *args, ends: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        first, last = dashboard.month_name(ends[-1]), dashboard.month_name(ends[0])
        message = f"Select a month between {first} and {last}"
        field = self.fields["to"]
        field.choices = [(f"{m:%Y-%m}", dashboard.month_name(m)) for m in ends]
        field.help_text = f"The pack covers that month and the two before it ({first} to {last})"
        field.error_messages = {"required": message, "invalid_choice": message}

    def chosen(self) -> date:
        return date.fromisoformat(self.cleaned_data["to"] + "-01")


class BoardPackMixin(AreaAccessMixin):
    allowed_roles = READERS
    http_method_names = ["get", "head"]

    def pack(self) -> tuple[board_pack.BoardPack | None, PackForm | None]:
        """The pack for ``?to=`` (or the latest month with figures), and the month form
        (bound, with its error, when ``to`` was given); (None, None) without figures."""
        cases = selectors.cases_for(self.access)
        timeline = dashboard.timeline(cases, selectors.extract_date(self.access))
        computable, frozen_on = [], snapshots.frozen_months(self.access)
        known = list(frozen_on)
        if timeline is not None:
            # every month can be computed (and a frozen one corrected) from the first request;
            # the pack offers those from the first request decided in the data, as the
            # dashboard does, not the years of plans made before the collection period
            first = month_of(min(case.received for case in cases))
            computable = board_pack.months_between(first, timeline.latest)
            known = [m for m in [*computable, *known] if m >= timeline.months[-1]]
        ends = board_pack.end_months(known)
        if not ends:
            return None, None
        form = PackForm(self.request.GET if "to" in self.request.GET else None, ends=ends)
        to = form.chosen() if form.is_bound and form.is_valid() else ends[0]
        points = target_points(self.access)
        first = add_months(to, -2)
        pack = board_pack.build(
            area_name=self.area.name,
            area_slug=self.area.slug,
            to=to,
            cases=cases,
            computable=computable,
            frozen=snapshots.frozen_figures(self.access, board_pack.months_needed(to, points)),
            hand_entered=monthly_services.values_between(
                self.area, financial_year_start(first), to
            ),
            targets=points,
        )
        return pack, form

    def links(self, pack: board_pack.BoardPack) -> dict[str, str]:
        """The pack's four forms for the same months: screen, print, html and csv."""
        query = f"?to={pack.to:%Y-%m}"
        kwargs = {"area": self.area.slug}
        return {
            form: reverse(f"ehcp:{name}", kwargs=kwargs) + query
            for form, name in (("screen", "board-pack"), ("print", "board-pack-print"),
                               ("html", "board-pack-html"), ("csv", "board-pack-csv"))
        }  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pack, form = self.pack()
        context.update(pack=pack, form=form)
        if pack is not None:
            links = self.links(pack)
            context.update(
                links=links,
                charts=[(c, f"{links['csv']}&chart={c.slug}") for c in pack.charts],
            )
        return context

    def exported(self, what: str, filename: str) -> None:
        record_event(
            action=AuditEvent.Action.EXPORTED, actor=self.request.user, area=self.area,
            object_type="ehcp.board_pack", object_id=what, summary=f"EHCP board pack {filename}",
        )  # fmt: skip


class BoardPackView(BoardPackMixin, TemplateView):
    template_name = "ehcp/board_pack.html"


class BoardPackPrintView(BoardPackMixin, TemplateView):
    """The pack on an A4 page: no navigation, a "Print this page" button."""

    template_name = "ehcp/board_pack_print.html"


@functools.cache
def _stylesheet() -> str:
    """portal.css, to inline in the downloaded file (read once)."""
    found = finders.find("css/portal.css")
    if found:
        with open(found, encoding="utf-8-sig") as css:
            return css.read()
    with staticfiles_storage.open("css/portal.css") as css:
        return css.read().decode("utf-8-sig")


class BoardPackFileView(BoardPackMixin, TemplateView):
    """The print page as a file to keep and send: its stylesheet inlined, no scripts (each
    chart's table stands in for it). A month that cannot be shown: the page's error, 400."""

    template_name = "ehcp/board_pack_file.html"

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        form, pack = context["form"], context["pack"]
        if form is not None and form.errors:
            return self.response_class(
                request, "ehcp/board_pack.html", context, status=400, using=self.template_engine
            )
        name = pack.filename if pack else f"board-pack-{self.area.slug}"
        context["stylesheet"] = _stylesheet()
        response = self.render_to_response(context)
        response["Content-Disposition"] = f'attachment; filename="{name}.html"'
        self.exported("html", f"{name}.html")
        return response


class BoardPackCsvView(BoardPackMixin, TemplateView):
    """Every number of the pack's tables as CSV; ``&chart=<slug>``: one chart's table."""

    def get(self, request, *args, **kwargs) -> HttpResponse:
        pack, form = self.pack()
        if form is not None and form.errors:
            return HttpResponseBadRequest(form.errors["to"][0], content_type="text/plain")
        if pack is None:  # no figures yet: an empty file, as the dashboard's downloads give
            headers, rows, name = [], [], f"board-pack-{self.area.slug}"
        elif "chart" in request.GET:
            chart = next((c for c in pack.charts if c.slug == request.GET["chart"]), None)
            if chart is None:
                return HttpResponseBadRequest("No such chart", content_type="text/plain")
            headers, rows, name = chart.headers, chart.rows, chart.csv_filename
        else:
            (headers, rows), name = board_pack.csv_table(pack), pack.filename
        self.exported("csv", f"{name}.csv")
        return exports.download(headers=headers, rows=rows, filename=name, fmt="csv")


urlpatterns = [
    path("areas/<slug:area>/ehcp/board-pack/", BoardPackView.as_view(), name="board-pack"),
    path(
        "areas/<slug:area>/ehcp/board-pack/print/",
        BoardPackPrintView.as_view(),
        name="board-pack-print",
    ),
    path(
        "areas/<slug:area>/ehcp/board-pack/board-pack.html",
        BoardPackFileView.as_view(),
        name="board-pack-html",
    ),
    path(
        "areas/<slug:area>/ehcp/board-pack/board-pack.csv",
        BoardPackCsvView.as_view(),
        name="board-pack-csv",
    ),
]
