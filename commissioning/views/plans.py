"""Forward plans and their priorities: the list of plans, a plan's page and its print
layout (read by everyone in the area; the public see approved plans), and adding,
editing, reordering and deleting plans and priorities (the area's commissioners).
"""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from commissioning import selectors, services
from commissioning.forms import ForwardPlanForm, PriorityForm
from commissioning.models import ForwardPlan, Priority
from commissioning.views.base import (
    EDITORS,
    EditorFormView,
    PriorityMixin,
    VersionedEditView,
    found,
    plan_url,
)
from coproduction import moderation_selectors as feedback_selectors
from core.access import AreaAccessMixin
from core.views import AreaDeleteView

RAGS = ("red", "amber", "green")


class PlanListView(AreaAccessMixin, TemplateView):
    public = True
    template_name = "commissioning/plan_list.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plans"] = selectors.plans(access=self.access)
        context["can_edit"] = self.access.has_any(EDITORS)
        return context


class PlanDetailView(AreaAccessMixin, TemplateView):
    public = True
    template_name = "commissioning/plan_detail.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = found(selectors.plan_with_content, access=self.access, pk=self.kwargs["pk"])
        values = selectors.figure_values(plan)
        shown = selectors.shown_figure_values(access=self.access, values=values)
        rows = []
        for priority in plan.priorities.all():
            for measure in priority.measures.all():
                measure.now = services.measure_current(measure, shown)
            actions = [
                (a, services.effective_rag(a, figure_values=values)) for a in priority.actions.all()
            ]
            priority.rag_counts = {r: sum(1 for _, x in actions if x == r) for r in RAGS}
            rows.append((priority, actions))
        all_actions = [a for _, actions in rows for a, _ in actions]
        feedback = feedback_selectors.feedback_for_priorities(
            access=self.access, priority_ids=[priority.pk for priority, _ in rows]
        )
        for priority, _ in rows:
            priority.linked_feedback_items = feedback.get(priority.pk, [])
        context.update(
            plan=plan,
            may_moderate=feedback_selectors.may_moderate(self.access),
            versions=list(plan.versions.select_related("approved_by_board")),
            priorities=rows,
            summary=selectors.rag_summary(all_actions, values),
            suppressed="c" in shown.values(),
            can_edit=self.access.has_any(EDITORS),
        )
        return context


class PlanPrintView(PlanDetailView):
    """An A4 layout of the plan with its RAG summary, for board papers."""

    template_name = "commissioning/plan_print.html"


class PlanCreateView(EditorFormView):
    form_class = ForwardPlanForm
    title = "Add a forward plan"
    submit_label = "Add plan"
    success_message = "{object} has been added"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def save(self, form):
        return services.create_plan(access=self.access, data=form.model_data())

    def get_success_url(self):
        return plan_url(self.object)

    def get_cancel_url(self):
        return reverse("commissioning:plans", kwargs={"area": self.area.slug})


class PlanUpdateView(VersionedEditView):
    form_class = ForwardPlanForm
    read = staticmethod(selectors.plan)

    def update(self, obj, *, seen_version, data):
        return services.update_plan(obj, seen_version=seen_version, data=data)

    def get_success_url(self):
        return plan_url(self.get_object())


class PlanDeleteView(AreaDeleteView):
    allowed_roles = EDITORS
    model = ForwardPlan

    def delete(self, obj) -> None:
        services.delete_plan(obj)

    def get_success_url(self, obj) -> str:
        return reverse("commissioning:plans", kwargs={"area": self.area.slug})

    def object_url(self, obj) -> str:
        return plan_url(obj)


class PriorityCreateView(EditorFormView):
    form_class = PriorityForm
    title = "Add a priority"
    submit_label = "Add priority"
    success_message = "Priority {object.number} has been added"

    def get_plan(self):
        if not hasattr(self, "_plan"):
            self._plan = found(selectors.plan, access=self.access, pk=self.kwargs["pk"])
        return self._plan

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.get_plan()}

    def save(self, form):
        return services.create_priority(plan=self.get_plan(), data=form.model_data())

    def get_success_url(self):
        return plan_url(self.get_plan())


class PriorityUpdateView(VersionedEditView):
    form_class = PriorityForm
    read = staticmethod(selectors.priority)

    def form_context(self) -> dict:
        return {"plan": self.get_object().plan}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", f"Edit priority {self.get_object().number}")
        return super().get_context_data(**kwargs)

    def update(self, obj, *, seen_version, data):
        return services.update_priority(obj, seen_version=seen_version, data=data)

    def get_success_url(self):
        return plan_url(self.get_object().plan)


class PriorityMoveView(PriorityMixin, AreaAccessMixin, View):
    allowed_roles = EDITORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        priority = self.get_priority()
        services.move_priority(priority, up=request.POST.get("direction") == "up")
        return HttpResponseRedirect(plan_url(priority.plan) + f"#priority-{priority.pk}")


class PriorityDeleteView(AreaDeleteView):
    allowed_roles = EDITORS
    model = Priority

    def delete(self, obj) -> None:
        services.delete_priority(obj)

    def get_success_url(self, obj) -> str:
        return plan_url(obj.plan)

    def object_url(self, obj) -> str:
        return plan_url(obj.plan)
