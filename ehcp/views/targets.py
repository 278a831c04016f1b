"""EHCP views: targets for the timeliness measures, and the trajectory between them."""

from __future__ import annotations

from django.urls import path, reverse
from django.views.generic import ListView

from core.access import AreaAccessMixin
from core.forms import OnceOnlyMixin
from core.views import AreaDeleteView, AreaFormView
from ehcp import targets
from ehcp.models import Target
from ehcp.target_forms import TargetForm
from ehcp.views.monthly import EDITORS, READERS


class TargetListView(AreaAccessMixin, ListView):
    allowed_roles = READERS
    template_name = "ehcp/targets.html"
    http_method_names = ["get", "head"]
    context_object_name = "targets"

    def get_queryset(self):
        return targets.targets(self.access)

    def get_context_data(self, **kwargs):
        kwargs["can_edit"] = self.access.has_any(EDITORS)
        return super().get_context_data(**kwargs)


class AddTargetForm(OnceOnlyMixin, TargetForm):
    pass


class TargetCreateView(AreaFormView):
    allowed_roles = EDITORS
    form_class = AddTargetForm
    title = "Add a target"
    submit_label = "Add target"
    success_message = "Target added: {object}"

    def save(self, form):
        data = {k: form.cleaned_data[k] for k in ("measure", "value", "due")}
        return targets.add_target(access=self.access, actor=self.request.user, data=data)

    def get_success_url(self):
        return reverse("ehcp:targets", kwargs={"area": self.area.slug})


class TargetDeleteView(AreaDeleteView):
    allowed_roles = EDITORS
    model = Target
    list_url_name = "ehcp:targets"

    def get_queryset(self):
        return targets.targets(self.access)

    def object_url(self, obj) -> str:
        return reverse("ehcp:targets", kwargs={"area": self.area.slug})


urlpatterns = [
    path("areas/<slug:area>/ehcp/targets/", TargetListView.as_view(), name="targets"),
    path("areas/<slug:area>/ehcp/targets/add/", TargetCreateView.as_view(), name="target-add"),
    path(
        "areas/<slug:area>/ehcp/targets/<int:pk>/delete/",
        TargetDeleteView.as_view(),
        name="target-delete",
    ),
]
