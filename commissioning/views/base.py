"""What the pages of forward plans share: who edits them, their addresses, reading a row
the user may see (404 otherwise), and the editing views' base classes.

``VersionedEditView`` edits a row whose version the form carries and shows both versions
when someone else saved it first; the needs and co-production apps build on it too.
The mixins read the plan, priority or action named in the address once per request.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from commissioning import selectors, services
from commissioning.models import Action, Priority
from core.models import Role
from core.views import AreaFormView

EDITORS = frozenset({Role.COMMISSIONER})


def plan_url(plan) -> str:
    return reverse("commissioning:plan", kwargs={"area": plan.area.slug, "pk": plan.pk})


def action_url(action) -> str:
    area = action.priority.plan.area.slug
    return reverse("commissioning:action", kwargs={"area": area, "pk": action.pk})


def service_url(service) -> str:
    return reverse("commissioning:service", kwargs={"area": service.area.slug, "pk": service.pk})


def found(read, **kwargs):
    try:
        return read(**kwargs)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing


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


class PlanMixin:
    def get_plan(self):
        if not hasattr(self, "_plan"):
            self._plan = found(selectors.plan, access=self.access, pk=self.kwargs["pk"])
        return self._plan


class PriorityMixin:
    def get_priority(self) -> Priority:
        if not hasattr(self, "_priority"):
            self._priority = found(selectors.priority, access=self.access, pk=self.kwargs["pk"])
        return self._priority


class ActionMixin:
    def get_action(self) -> Action:
        if not hasattr(self, "_action"):
            self._action = found(selectors.action, access=self.access, pk=self.kwargs["pk"])
        return self._action
