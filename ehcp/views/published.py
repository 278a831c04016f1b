"""EHCP views: the measures an area publishes (public), and choosing them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from core.access import AreaAccessMixin
from core.forms import GovukForm
from ehcp import measures, publishing
from ehcp.models import PublishableMeasure
from ehcp.views.monthly import EDITORS


class PublishedView(AreaAccessMixin, TemplateView):
    """Public: what the area has chosen to publish, small numbers suppressed."""

    public = True
    template_name = "ehcp/published.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        kwargs.update(
            tables=publishing.public_tables(self.area),
            can_choose=self.access.has_any(EDITORS),
        )
        return super().get_context_data(**kwargs)


class PublishForm(GovukForm):
    measures = forms.MultipleChoiceField(
        label="Measures to publish",
        choices=PublishableMeasure.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        threshold = measures.small_number_threshold()
        self.fields["measures"].help_text = (
            "Anyone can read what you choose, without signing in. Counts of 1 to "
            f"{threshold - 1} and rates from fewer than {threshold} people are shown as c."
        )


class PublishView(AreaAccessMixin, FormView):
    allowed_roles = EDITORS
    template_name = "core/object_form.html"
    form_class = PublishForm
    http_method_names = ["get", "head", "post"]

    def get_initial(self):
        return {"measures": publishing.published(self.area)}

    def get_context_data(self, **kwargs):
        kwargs.update(
            title="Choose what to publish",
            submit_label="Save",
            cancel_url=self.published_url(),
        )
        return super().get_context_data(**kwargs)

    def published_url(self) -> str:
        return reverse("ehcp:published", kwargs={"area": self.area.slug})

    def form_valid(self, form):
        publishing.set_published(
            access=self.access,
            measures_chosen=form.cleaned_data["measures"],
            actor=self.request.user,
        )
        messages.success(self.request, "What is published has been saved")
        return HttpResponseRedirect(self.published_url())


urlpatterns = [
    path("areas/<slug:area>/ehcp/published/", PublishedView.as_view(), name="published"),
    path("areas/<slug:area>/ehcp/published/choose/", PublishView.as_view(), name="publish"),
]
