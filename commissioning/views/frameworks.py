"""Outcome frameworks: the area's frameworks and their outcome areas, added and edited by
commissioners and area admins.
"""

from __future__ import annotations

from django.urls import reverse
from django.views.generic import TemplateView

from commissioning import services
from commissioning.forms import OutcomeFrameworkForm
from commissioning.models import OutcomeFramework
from commissioning.views.base import EditorFormView, found
from core.access import AreaAccessMixin
from core.models import Role

FRAMEWORK_EDITORS = frozenset({Role.COMMISSIONER, Role.AREA_ADMIN})


class FrameworkListView(AreaAccessMixin, TemplateView):
    template_name = "commissioning/frameworks.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["frameworks"] = OutcomeFramework.objects.for_access(self.access).prefetch_related(
            "outcome_areas"
        )
        context["can_edit"] = self.access.has_any(FRAMEWORK_EDITORS)
        return context


class FrameworkFormView(EditorFormView):
    allowed_roles = FRAMEWORK_EDITORS
    form_class = OutcomeFrameworkForm
    success_message = "{object} has been saved"

    def get_framework(self):
        if "pk" not in self.kwargs:
            return None
        if not hasattr(self, "_framework"):
            rows = OutcomeFramework.objects.for_access(self.access)
            self._framework = found(rows.get, pk=self.kwargs["pk"])
        return self._framework

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_framework()}

    def get_context_data(self, **kwargs):
        framework = self.get_framework()
        kwargs.setdefault(
            "title", f"Edit {framework}" if framework else "Add an outcomes framework"
        )
        return super().get_context_data(**kwargs)

    def save(self, form):
        return services.save_framework(
            self.get_framework(), access=self.access, data=form.model_data(),
            outcomes=form.cleaned_data["outcome_lines"],
        )  # fmt: skip

    def get_success_url(self):
        return reverse("commissioning:frameworks", kwargs={"area": self.area.slug})
