"""Pages of forward plans: read by everyone in the area (the public: approved plans),
edited by the area's commissioners."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from commissioning import selectors, services, versions
from commissioning.filters import ActionFilter
from commissioning.forms import (
    ActionForm,
    ApproveVersionForm,
    CompareForm,
    DeliveryUpdateForm,
    ForwardPlanForm,
    LeadForm,
    MeasureForm,
    OutcomeFrameworkForm,
    PriorityForm,
    ServiceForm,
)
from commissioning.models import (
    Action,
    DeliveryUpdate,
    ForwardPlan,
    Lead,
    OutcomeFramework,
    Priority,
    Service,
    SuccessMeasure,
)
from commissioning.tables import ActionTable
from coproduction import moderation_selectors as feedback_selectors
from core import exports
from core.access import AreaAccessMixin
from core.models import AuditEvent, Role
from core.services import record_event
from core.views import AreaDeleteView, AreaFormView

EDITORS = frozenset({Role.COMMISSIONER})
RAGS = ("red", "amber", "green")


def plan_url(plan) -> str:
    return reverse("commissioning:plan", kwargs={"area": plan.area.slug, "pk": plan.pk})


def action_url(action) -> str:
    area = action.priority.plan.area.slug
    return reverse("commissioning:action", kwargs={"area": area, "pk": action.pk})


def found(read, **kwargs):
    try:
        return read(**kwargs)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing


# --- Reading ----------------------------------------------------------------------


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
        rows = []
        for priority in plan.priorities.all():
            for measure in priority.measures.all():
                measure.now = services.measure_current(measure, values)
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
            can_edit=self.access.has_any(EDITORS),
        )
        return context


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


# --- Editing ------------------------------------------------------------------------


class EditorFormView(AreaFormView):
    allowed_roles = EDITORS


class VersionedEditView(EditorFormView):
    """Edit a row whose version the form carries; a later save by someone else is a conflict."""

    submit_label = "Save changes"
    success_message = "Your changes have been saved"
    conflict_template = "commissioning/conflict.html"
    #: The selector that reads the row being edited: ``read(access=..., pk=...)``.
    read = None

    def update(self, obj, *, seen_version: int, data: dict):  # pragma: no cover - abstract
        raise NotImplementedError

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = found(type(self).read, access=self.access, pk=self.kwargs["pk"])
        return self._object

    def form_context(self) -> dict:
        """Extra arguments the form needs, e.g. the area or the priority."""
        return {"area": self.area}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.form_context(), "instance": self.get_object()}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", f"Edit {self.get_object()}")
        return super().get_context_data(**kwargs)

    def perform(self, form):
        self.form = form
        seen = form.cleaned_data.get("seen_version") or 0
        try:
            self.object = self.update(self.get_object(), seen_version=seen, data=form.model_data())
        except services.StaleEdit as stale:
            return self.conflict(form, stale.current)
        return None

    def conflict(self, form, current):
        """Show both versions; the form keeps what the user typed, now based on the saved one."""
        rows = []
        for name in form._meta.fields:
            field = form.fields.get(name)
            if field is None:
                continue
            theirs = getattr(current, name)
            if hasattr(theirs, "all"):
                theirs = ", ".join(str(v) for v in theirs.all())
            mine = form.cleaned_data.get(name)
            if hasattr(mine, "__iter__") and not isinstance(mine, str):
                mine = ", ".join(str(v) for v in mine)
            elif getattr(field, "choices", None) and not hasattr(field, "queryset"):
                mine = dict(field.choices).get(mine, mine)
            display = getattr(current, f"get_{name}_display", None)
            theirs = (display() if display else theirs) or None
            mine = mine or None
            rows.append((field.label, theirs, mine, str(theirs) != str(mine), name))
        data = form.data.copy()
        data["seen_version"] = current.version
        data["submission"] = str(uuid.uuid4())
        form = self.get_form_class()(data, **{k: v for k, v in self.get_form_kwargs().items()
                                               if k not in {"data", "files"}})  # fmt: skip
        form.is_valid()
        differing = [(label, form[name].anchor_id) for label, *_, differs, name in rows if differs]
        context = self.get_context_data(
            form=form, rows=rows, current=current, differing=differing, page_has_errors=True
        )
        return render(self.request, self.conflict_template, context, status=409)


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


class PriorityMixin:
    def get_priority(self) -> Priority:
        if not hasattr(self, "_priority"):
            self._priority = found(selectors.priority, access=self.access, pk=self.kwargs["pk"])
        return self._priority


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


class ActionMixin:
    def get_action(self) -> Action:
        if not hasattr(self, "_action"):
            self._action = found(selectors.action, access=self.access, pk=self.kwargs["pk"])
        return self._action


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


class DeliveryUpdateCreateView(ActionMixin, EditorFormView):
    form_class = DeliveryUpdateForm
    title = "Add a delivery update"
    submit_label = "Add update"
    success_message = "Your update has been added"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def save(self, form):
        return services.add_delivery_update(
            action=self.get_action(), author=self.request.user, data=form.model_data()
        )

    def get_success_url(self):
        return action_url(self.get_action())


# --- Services register ----------------------------------------------------------------


def service_url(service) -> str:
    return reverse("commissioning:service", kwargs={"area": service.area.slug, "pk": service.pk})


class ServiceRegisterView(AreaAccessMixin, TemplateView):
    """The register grouped by arrangement, with the value jointly commissioned (published)."""

    public = True
    template_name = "commissioning/service_register.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["register"] = selectors.services_register(access=self.access)
        context["can_edit"] = self.access.has_any(EDITORS)
        return context


class ServiceDetailView(AreaAccessMixin, TemplateView):
    public = True
    template_name = "commissioning/service_detail.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = found(selectors.service, access=self.access, pk=self.kwargs["pk"])
        context.update(
            service=service,
            total=sum(f.annual_value for f in service.funding.all()),
            can_edit=self.access.has_any(EDITORS),
        )
        return context


class ServiceCreateView(EditorFormView):
    form_class = ServiceForm
    title = "Add a service"
    submit_label = "Add service"
    success_message = "{object} has been added"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def save(self, form):
        return services.create_service(
            access=self.access, data=form.model_data(), funding=form.funding()
        )

    def get_success_url(self):
        return service_url(self.object)

    def get_cancel_url(self):
        return reverse("commissioning:services", kwargs={"area": self.area.slug})


class ServiceUpdateView(VersionedEditView):
    form_class = ServiceForm
    read = staticmethod(selectors.service)

    def update(self, obj, *, seen_version, data):
        return services.update_service(
            obj, seen_version=seen_version, data=data, funding=self.form.funding()
        )

    def get_success_url(self):
        return service_url(self.get_object())


class ServiceDeleteView(AreaDeleteView):
    allowed_roles = EDITORS
    model = Service

    def delete(self, obj) -> None:
        services.delete_service(obj)

    def get_success_url(self, obj) -> str:
        return reverse("commissioning:services", kwargs={"area": self.area.slug})

    def object_url(self, obj) -> str:
        return service_url(obj)


# --- Versions and printing -------------------------------------------------------------


class PlanMixin:
    def get_plan(self):
        if not hasattr(self, "_plan"):
            self._plan = found(selectors.plan, access=self.access, pk=self.kwargs["pk"])
        return self._plan


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


class PlanPrintView(PlanDetailView):
    """An A4 layout of the plan with its RAG summary, for board papers."""

    template_name = "commissioning/plan_print.html"


# --- Leads and success measures ------------------------------------------------------------


class PriorityPartCreateView(PriorityMixin, EditorFormView):
    """Add a lead or a success measure to a priority."""

    def save(self, form):
        return services.save_priority_part(
            self.form_class._meta.model(), priority=self.get_priority(), data=form.model_data()
        )

    def get_success_url(self):
        return plan_url(self.get_priority().plan) + f"#priority-{self.get_priority().pk}"


class PriorityPartUpdateView(EditorFormView):
    """Edit a lead or a success measure."""

    submit_label = "Save changes"
    success_message = "Your changes have been saved"

    def get_object(self):
        if not hasattr(self, "_part"):
            model = self.form_class._meta.model
            rows = model.objects.for_access(self.access).select_related("priority__plan__area")
            self._part = found(rows.get, pk=self.kwargs["pk"])
        return self._part

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def save(self, form):
        fresh = type(self.get_object()).objects.get(pk=self.get_object().pk)
        return services.save_priority_part(fresh, data=form.model_data())

    def get_success_url(self):
        priority = self.get_object().priority
        return plan_url(priority.plan) + f"#priority-{priority.pk}"


class AreaFormKwargs:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}


class LeadCreateView(AreaFormKwargs, PriorityPartCreateView):
    form_class = LeadForm
    title = "Add a lead"
    submit_label = "Add lead"
    success_message = "{object} has been added as a lead"


class LeadUpdateView(AreaFormKwargs, PriorityPartUpdateView):
    form_class = LeadForm
    title = "Edit a lead"


class MeasureCreateView(PriorityPartCreateView):
    form_class = MeasureForm
    title = "Add a success measure"
    submit_label = "Add measure"
    success_message = "The measure has been added"


class MeasureUpdateView(PriorityPartUpdateView):
    form_class = MeasureForm
    title = "Edit a success measure"


class PriorityPartDeleteView(AreaDeleteView):
    allowed_roles = EDITORS

    def delete(self, obj) -> None:
        services.delete_priority_part(obj)

    def get_success_url(self, obj) -> str:
        return plan_url(obj.priority.plan)

    def object_url(self, obj) -> str:
        return plan_url(obj.priority.plan)


class LeadDeleteView(PriorityPartDeleteView):
    model = Lead


class MeasureDeleteView(PriorityPartDeleteView):
    model = SuccessMeasure


# --- History ---------------------------------------------------------------------------


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


class DeliveryUpdateEditView(EditorFormView):
    form_class = DeliveryUpdateForm
    title = "Edit a delivery update"
    submit_label = "Save changes"
    success_message = "Your changes have been saved"

    def get_object(self):
        if not hasattr(self, "_update"):
            rows = DeliveryUpdate.objects.for_access(self.access).select_related(
                "action__priority__plan__area"
            )
            self._update = found(rows.get, pk=self.kwargs["pk"])
        return self._update

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area, "instance": self.get_object()}

    def save(self, form):
        fresh = DeliveryUpdate.objects.get(pk=self.get_object().pk)
        return services.edit_delivery_update(fresh, data=form.model_data())

    def get_success_url(self):
        return action_url(self.get_object().action)


class DeliveryUpdateDeleteView(AreaDeleteView):
    allowed_roles = EDITORS
    model = DeliveryUpdate

    def delete(self, obj) -> None:
        services.delete_delivery_update(obj)

    def get_success_url(self, obj) -> str:
        return action_url(obj.action)

    def object_url(self, obj) -> str:
        return action_url(obj.action)


# --- Outcome frameworks -------------------------------------------------------------------------

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
