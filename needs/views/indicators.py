"""An area's local JSNA indicators and statistical neighbours.

Everyone with a role in the area reads them (the public does not);
commissioners and area admins change them.
"""

from __future__ import annotations

from django.urls import path, reverse
from django.views.generic import TemplateView

from commissioning.views import VersionedEditView
from core import exports
from core.access import AreaAccessMixin
from core.models import AuditEvent, Role
from core.services import record_event
from core.views import AreaDeleteView, AreaFormView
from needs import indicator_selectors as selectors
from needs import indicator_services as services
from needs.forms import MAX_NEIGHBOURS, LocalIndicatorForm, NeighboursForm
from needs.models import LocalIndicator

EDITORS = frozenset({Role.COMMISSIONER, Role.AREA_ADMIN})


def list_url(area) -> str:
    return reverse("needs:indicators", kwargs={"area": area.slug})


def neighbours_url(area) -> str:
    return reverse("needs:neighbours", kwargs={"area": area.slug})


# --- Local indicators ---------------------------------------------------------------


class IndicatorListView(AreaAccessMixin, TemplateView):
    """The area's indicators, downloadable as CSV (``?export=csv``) or Excel (``xlsx``)."""

    template_name = "needs/indicator_list.html"
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in exports.FORMATS:
            indicators = list(selectors.local_indicators(self.access))
            headers, rows = selectors.indicator_export_rows(indicators)
            record_event(
                action=AuditEvent.Action.EXPORTED, actor=request.user, area=self.area,
                summary=f"{len(rows)} local indicators as {fmt}",
            )  # fmt: skip
            name = f"local-indicators-{self.area.slug}"
            return exports.download(headers=headers, rows=rows, filename=name, fmt=fmt)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["indicators"] = selectors.local_indicators(self.access)
        context["can_edit"] = self.access.has_any(EDITORS)
        return context


class IndicatorCreateView(AreaFormView):
    allowed_roles = EDITORS
    form_class = LocalIndicatorForm
    title = "Add a local indicator"
    submit_label = "Add indicator"
    success_message = "{object} has been added"

    def save(self, form):
        return services.create_indicator(
            access=self.access, actor=self.request.user, data=form.model_data()
        )

    def get_success_url(self):
        return list_url(self.area)


class IndicatorUpdateView(VersionedEditView):
    """A stale edit (someone saved since the form was loaded) gets the conflict page."""

    allowed_roles = EDITORS
    form_class = LocalIndicatorForm
    read = staticmethod(selectors.indicator)
    success_message = "Your changes to {object} have been saved"

    def form_context(self) -> dict:
        return {}

    def update(self, obj, *, seen_version, data):
        return services.update_indicator(
            obj, actor=self.request.user, seen_version=seen_version, data=data
        )

    def get_success_url(self):
        return list_url(self.area)


class IndicatorDeleteView(AreaDeleteView):
    allowed_roles = EDITORS
    model = LocalIndicator
    list_url_name = "needs:indicators"

    def delete(self, obj) -> None:
        services.delete_indicator(obj, actor=self.request.user)

    def object_url(self, obj) -> str:
        return list_url(self.area)


# --- Statistical neighbours ---------------------------------------------------------


class NeighbourListView(AreaAccessMixin, TemplateView):
    template_name = "needs/neighbours.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["neighbours"] = selectors.neighbours(self.access)
        context["can_edit"] = self.access.has_any(EDITORS)
        return context


class NeighboursEditView(AreaFormView):
    """Choose up to 15 neighbours in order; the whole set is replaced in one transaction."""

    allowed_roles = EDITORS
    form_class = NeighboursForm
    template_name = "needs/neighbours_form.html"
    title = "Choose statistical neighbours"
    submit_label = "Save neighbours"

    def get_form_kwargs(self):
        chosen = [n.geography for n in selectors.neighbours(self.access)]
        return {
            **super().get_form_kwargs(),
            "choices": selectors.neighbour_choices(self.access),
            "chosen": chosen,
        }

    def save(self, form):
        self.chosen = services.replace_neighbours(
            access=self.access, actor=self.request.user, neighbours=form.neighbours()
        )
        return self.chosen

    def get_success_message(self) -> str:
        if not self.chosen:
            return "No neighbours are chosen: the dashboard uses the default comparison"
        count = len(self.chosen)
        return f"{count} statistical neighbour{'s' if count != 1 else ''} saved"

    def get_success_url(self):
        return neighbours_url(self.area)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("max_neighbours", MAX_NEIGHBOURS)
        return super().get_context_data(**kwargs)


area = "areas/<slug:area>/needs/"
urlpatterns = [
    path(f"{area}indicators/", IndicatorListView.as_view(), name="indicators"),
    path(f"{area}indicators/add/", IndicatorCreateView.as_view(), name="indicator-add"),
    path(f"{area}indicators/<int:pk>/edit/", IndicatorUpdateView.as_view(), name="indicator-edit"),
    path(
        f"{area}indicators/<int:pk>/delete/",
        IndicatorDeleteView.as_view(),
        name="indicator-delete",
    ),
    path(f"{area}neighbours/", NeighbourListView.as_view(), name="neighbours"),
    path(f"{area}neighbours/edit/", NeighboursEditView.as_view(), name="neighbours-edit"),
]
