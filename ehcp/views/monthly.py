"""EHCP views: the monthly figures the case data does not hold (entered by hand)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from core.access import AreaAccessMixin
from core.models import Role
from ehcp import monthly, monthly_services
from ehcp.monthly_forms import MonthlyFiguresForm

READERS = frozenset({Role.COMMISSIONER, Role.BOARD_MEMBER, Role.AREA_ADMIN})
EDITORS = frozenset({Role.COMMISSIONER, Role.AREA_ADMIN})


def last_complete_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return monthly.months_back(date(today.year, today.month, 1), 2)[0]


def parse_month(text: str) -> date | None:
    """``2021-03`` -> 1 March 2021; None for anything else or a month not yet ended."""
    try:
        year, mon = (int(part) for part in text.split("-"))
        month = date(year, mon, 1)
    except (TypeError, ValueError):
        return None
    if not 2000 <= year <= 2100 or month > last_complete_month():
        return None
    return month


class MonthlyFiguresView(AreaAccessMixin, TemplateView):
    """Twelve months of the hand-entered figures, complaints cumulative from April."""

    allowed_roles = READERS
    template_name = "ehcp/monthly.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asked = self.request.GET.get("to", "")
        last = parse_month(asked) if asked else last_complete_month()
        if last is None:
            context["month_error"] = "Enter a month that has ended, like 2021-03"
            last = last_complete_month()
        months = monthly.months_back(last, 12)
        values = monthly_services.values_between(self.area, months[0], months[-1])
        context.update(
            months=months,
            rows=monthly.reported(values, months),
            to=f"{last:%Y-%m}",
            asked=asked,
            can_edit=self.access.has_any(EDITORS),
            page_has_errors="month_error" in context,
        )
        return context


class MonthlyFiguresEditView(AreaAccessMixin, FormView):
    """Enter or change one month's figures; a save by someone else meanwhile is refused."""

    allowed_roles = EDITORS
    template_name = "ehcp/monthly_form.html"
    form_class = MonthlyFiguresForm
    http_method_names = ["get", "head", "post"]

    def dispatch(self, request, *args, **kwargs):
        self.month = parse_month(f"{kwargs['year']}-{kwargs['month']}")
        if self.month is None:
            raise Http404("No such month, or it has not ended")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        current = monthly_services.month_values(self.area, self.month)
        return {**current, "seen": monthly_services.fingerprint(current)}

    def get_context_data(self, **kwargs):
        kwargs.update(month=self.month, measures=monthly.MONTHLY_MEASURES, back=self.list_url())
        return super().get_context_data(**kwargs)

    def list_url(self) -> str:
        url = reverse("ehcp:monthly", kwargs={"area": self.area.slug})
        return f"{url}?to={self.month:%Y-%m}"

    def form_valid(self, form):
        try:
            changed = monthly_services.save_month(
                area=self.area,
                month=self.month,
                values=form.values(),
                seen=form.cleaned_data["seen"],
                user=self.request.user,
            )
        except monthly_services.ChangedMeanwhile as conflict:
            # Keep what the user typed; show what was saved meanwhile; a second save wins.
            data = form.data.copy()
            data["seen"] = monthly_services.fingerprint(conflict.current)
            form = self.get_form_class()(data=data)
            form.is_valid()
            form.add_error(
                None,
                "Someone else saved this month's figures after you opened this page. "
                "What they saved is shown under each box; check your figures and save again.",
            )
            return self.render_to_response(
                self.get_context_data(form=form, saved_meanwhile=conflict.current)
            )
        messages.success(
            self.request,
            f"Figures for {self.month:%B %Y} saved" if changed else "Nothing had changed",
        )
        return HttpResponseRedirect(self.list_url())


urlpatterns = [
    path("areas/<slug:area>/ehcp/monthly/", MonthlyFiguresView.as_view(), name="monthly"),
    path(
        "areas/<slug:area>/ehcp/monthly/<int:year>-<int:month>/",
        MonthlyFiguresEditView.as_view(),
        name="monthly-edit",
    ),
]
