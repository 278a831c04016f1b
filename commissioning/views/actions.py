"""Actions of a plan's priorities: an action's page, a plan's action list (filtered,
sorted, paged and downloadable as filtered), and adding, editing, reordering and
deleting actions.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.http import HttpResponseRedirect
from django.views import View
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from commissioning import selectors, services
from commissioning.filters import ActionFilter
from commissioning.forms import ActionForm
from commissioning.models import Action
from commissioning.tables import ActionTable
from commissioning.views.base import (
    EDITORS,
    ActionMixin,
    EditorFormView,
    PriorityMixin,
    VersionedEditView,
    action_url,
    found,
    plan_url,
)
from coproduction import moderation_selectors as feedback_selectors
from core import exports
from core.access import AreaAccessMixin
from core.models import AuditEvent
from core.services import record_event
from core.views import AreaDeleteView


class ActionDetailView(AreaAccessMixin, TemplateView):
    public = True
    template_name = "commissioning/action_detail.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = found(selectors.action, access=self.access, pk=self.kwargs["pk"])
        context.update(
            action=action,
            plan=action.priority.plan,
            linked_feedback=feedback_selectors.feedback_for_action(
                access=self.access, action_id=action.pk
            ),
            may_moderate=feedback_selectors.may_moderate(self.access),
            suggestion=services.suggested_rag(action),
            rag=services.effective_rag(action),
            can_edit=self.access.has_any(EDITORS),
        )
        return context


class ActionListView(AreaAccessMixin, TemplateView):
    """A plan's actions: filtered, sorted, paged, and downloadable exactly as filtered."""

    public = True
    template_name = "commissioning/action_list.html"
    http_method_names = ["get", "head"]
    per_page = 25

    def get(self, request, *args, **kwargs):
        self.plan = found(selectors.plan, access=self.access, pk=kwargs["pk"])
        self.filterset = ActionFilter(
            request.GET or None, queryset=Action.objects.all(), plan=self.plan
        )
        self.actions = selectors.plan_actions(
            access=self.access, plan=self.plan, filterset=self.filterset
        )
        self.table = ActionTable(self.actions, area=self.area, caption=f"Actions of {self.plan}")
        query = request.GET.copy()
        if query.get("sort", "").lstrip("-") not in ActionTable.base_columns:
            query.pop("sort", None)  # only the table's own columns sort it
        RequestConfig(SimpleNamespace(GET=query), paginate={"per_page": self.per_page}).configure(
            self.table
        )
        fmt = request.GET.get("export")
        if fmt in exports.FORMATS:
            return self.download(fmt)
        return super().get(request, *args, **kwargs)

    def download(self, fmt: str):
        """Every filtered row (not just this page), in the table's current order."""
        ordered = [row.record for row in self.table.rows]
        headers, rows = selectors.action_export_rows(ordered)
        record_event(
            action=AuditEvent.Action.EXPORTED, actor=self.request.user, area=self.area,
            obj=self.plan, summary=f"{len(rows)} actions as {fmt}",
        )  # fmt: skip
        name = f"actions-{self.area.slug}-{self.plan.pk}"
        return exports.download(headers=headers, rows=rows, filename=name, fmt=fmt)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("export", None)
        query.pop("page", None)
        context.update(
            plan=self.plan,
            filter=self.filterset,
            form=self.filterset.form,
            table=self.table,
            total=len(self.actions),
            query=query.urlencode(),
        )
        return context


class ActionCreateView(PriorityMixin, EditorFormView):
    form_class = ActionForm
    title = "Add an action"
    submit_label = "Add action"
    success_message = "The action has been added"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "priority": self.get_priority()}

    def save(self, form):
        return services.create_action(priority=self.get_priority(), data=form.model_data())

    def get_success_url(self):
        return action_url(self.object)

    def get_cancel_url(self):
        return plan_url(self.get_priority().plan)


class ActionUpdateView(VersionedEditView):
    form_class = ActionForm
    read = staticmethod(selectors.action)

    def form_context(self) -> dict:
        return {"priority": self.get_object().priority}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", "Edit the action")
        return super().get_context_data(**kwargs)

    def update(self, obj, *, seen_version, data):
        return services.update_action(obj, seen_version=seen_version, data=data)

    def get_success_url(self):
        return action_url(self.get_object())


class ActionMoveView(ActionMixin, AreaAccessMixin, View):
    allowed_roles = EDITORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = self.get_action()
        services.move_action(action, up=request.POST.get("direction") == "up")
        return HttpResponseRedirect(
            plan_url(action.priority.plan) + f"#priority-{action.priority_id}"
        )


class ActionDeleteView(AreaDeleteView):
    allowed_roles = EDITORS
    model = Action

    def delete(self, obj) -> None:
        services.delete_action(obj)

    def get_success_url(self, obj) -> str:
        return plan_url(obj.priority.plan)

    def object_url(self, obj) -> str:
        return action_url(obj)
