"""A plan's history and versions: who changed what and when (plans, priorities, actions,
services), recording a board's approval as a frozen version, and comparing versions.
"""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView

from commissioning import selectors, services, versions
from commissioning.forms import ApproveVersionForm, CompareForm
from commissioning.models import Action, ForwardPlan, Priority, Service
from commissioning.views.base import (
    EditorFormView,
    PlanMixin,
    action_url,
    found,
    plan_url,
    service_url,
)
from core.access import AreaAccessMixin

HISTORY_KINDS = {"plan": ForwardPlan, "priority": Priority, "action": Action, "service": Service}


class HistoryView(AreaAccessMixin, TemplateView):
    """Who changed what and when, with old and new values (members of the area)."""

    template_name = "commissioning/history.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = HISTORY_KINDS.get(self.kwargs["kind"])
        if model is None:
            raise Http404("No history of that kind")
        obj = found(model.objects.for_access(self.access).get, pk=self.kwargs["pk"])
        context.update(object=obj, kind=self.kwargs["kind"], events=selectors.history(obj),
                       back=self.back_url(obj))  # fmt: skip
        return context

    def back_url(self, obj) -> str:
        if isinstance(obj, ForwardPlan):
            return plan_url(obj)
        if isinstance(obj, Priority):
            return plan_url(obj.plan) + f"#priority-{obj.pk}"
        if isinstance(obj, Action):
            return action_url(obj)
        return service_url(obj)


class ApproveVersionView(PlanMixin, EditorFormView):
    """Record that a board approved the plan as it stands: a frozen version."""

    form_class = ApproveVersionForm
    title = "Record the board's approval"
    submit_label = "Record approval"
    success_message = "{object} of the plan has been recorded as approved"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def save(self, form):
        return services.approve_version(
            plan=self.get_plan(),
            board=form.cleaned_data["approved_by_board"],
            approved_on=form.cleaned_data["approved_on"],
            recorded_by=self.request.user,
        )

    def get_success_url(self):
        return plan_url(self.get_plan())


class CompareVersionsView(PlanMixin, AreaAccessMixin, TemplateView):
    """What changed between two versions, or since the last board approved the plan."""

    template_name = "commissioning/compare.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.get_plan()
        all_versions = {str(v.number): v for v in plan.versions.all()}
        data = self.request.GET or None
        if data is None and all_versions:
            data = {"old": max(all_versions, key=int), "new": "current"}
        form = CompareForm(data, plan=plan)
        changes = None
        if all_versions and form.is_valid():
            old = all_versions[form.cleaned_data["old"]].snapshot
            new_key = form.cleaned_data["new"]
            new = (
                services.snapshot(plan) if new_key == "current" else all_versions[new_key].snapshot
            )
            changes = versions.compare(old, new)
        context.update(plan=plan, form=form, changes=changes, has_versions=bool(all_versions))
        return context
