"""Forms for plans, priorities, actions and delivery updates (fields listed explicitly)."""

from __future__ import annotations

from django import forms

from commissioning.models import (
    Action,
    ActionStatus,
    CycleStage,
    DeliveryUpdate,
    ForwardPlan,
    OutcomeArea,
    OutcomeFramework,
    Priority,
    Rag,
)
from core.forms import GovukDateField, GovukModelForm
from core.models import Board


class VersionedForm(GovukModelForm):
    """Carries the version of the row the user loaded, to detect a later save by someone else."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["seen_version"] = self.instance.version

    def model_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def _check_order(form: forms.Form, start: str, end: str, message: str) -> None:
    starts, ends = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if starts and ends and ends < starts:
        form.add_error(end, message)


class ForwardPlanForm(VersionedForm):
    starts_on = GovukDateField(label="Start date", help_text="For example, 1 4 2023")
    ends_on = GovukDateField(label="End date", help_text="For example, 31 3 2025")

    class Meta:
        model = ForwardPlan
        fields = ["title", "starts_on", "ends_on", "summary", "outcome_framework"]
        labels = {"summary": "Summary (optional)", "outcome_framework": "Outcomes framework"}
        error_messages = {"title": {"required": "Enter the plan's title"}}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_framework"].queryset = OutcomeFramework.objects.in_area(area)
        self.fields["outcome_framework"].empty_label = "None"
        self.fields["outcome_framework"].required = False

    def clean(self):
        cleaned = super().clean()
        _check_order(
            self, "starts_on", "ends_on", "End date must be the same as or after the start date"
        )
        return cleaned


class PriorityForm(VersionedForm):
    class Meta:
        model = Priority
        fields = ["title", "why", "cycle_stage", "outcome_areas"]
        labels = {"why": "Why it is a priority", "outcome_areas": "Outcomes it serves (optional)",
                  "cycle_stage": "Stage of the joint commissioning cycle"}  # fmt: skip
        widgets = {"cycle_stage": forms.RadioSelect, "outcome_areas": forms.CheckboxSelectMultiple,
                   "title": forms.TextInput}  # fmt: skip
        error_messages = {"title": {"required": "Enter the priority's title"}}

    def __init__(self, *args, plan: ForwardPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle_stage"].choices = list(CycleStage.choices)
        self.fields["cycle_stage"].required = False
        areas = OutcomeArea.objects.filter(framework_id=plan.outcome_framework_id)
        self.fields["outcome_areas"].queryset = areas
        if not plan.outcome_framework_id:
            del self.fields["outcome_areas"]
            self._meta.fields = [f for f in self._meta.fields if f != "outcome_areas"]


class ActionForm(VersionedForm):
    starts_on = GovukDateField(label="Start date", required=False)
    due_on = GovukDateField(label="Due date", required=False)
    progress = forms.IntegerField(
        label="Progress (%)",
        min_value=0,
        max_value=100,
        help_text="A whole number from 0 to 100",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the progress, from 0 to 100",
            "invalid": "Progress must be a whole number from 0 to 100",
            "min_value": "Progress must be 0 or more",
            "max_value": "Progress must be 100 or less",
        },
    )
    rag_override = forms.ChoiceField(
        label="RAG rating",
        choices=[("", "Use the suggested rating"), *Rag.choices],
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Action
        fields = ["title", "owner", "starts_on", "due_on", "status", "progress", "rag_override",
                  "rag_override_reason", "responsible_group", "measure"]  # fmt: skip
        labels = {"owner": "Owner (optional)", "responsible_group": "Responsible group (optional)",
                  "measure": "Success measure it moves (optional)",
                  "rag_override_reason": "Reason for setting the rating yourself"}  # fmt: skip
        help_texts = {"rag_override_reason": "Needed when you do not use the suggested rating"}
        widgets = {"status": forms.RadioSelect, "title": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": "Enter what needs to be done"}}

    def __init__(self, *args, priority: Priority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = list(ActionStatus.choices)
        self.fields["responsible_group"].queryset = Board.objects.in_area(priority.plan.area_id)
        self.fields["measure"].queryset = priority.measures.all()
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("progress", 0)

    def clean(self):
        cleaned = super().clean()
        _check_order(
            self, "starts_on", "due_on", "Due date must be the same as or after the start date"
        )
        if cleaned.get("rag_override") and not (cleaned.get("rag_override_reason") or "").strip():
            self.add_error(
                "rag_override_reason", "Enter the reason for setting the rating yourself"
            )
        return cleaned


class DeliveryUpdateForm(GovukModelForm):
    written_on = GovukDateField(label="Date of the update")

    class Meta:
        model = DeliveryUpdate
        fields = ["written_on", "update", "evidence", "responsible_group"]
        labels = {"update": "Update", "evidence": "Evidence of achievement (optional)",
                  "responsible_group": "Responsible group (optional)"}  # fmt: skip
        error_messages = {"update": {"required": "Enter the update"}}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_group"].queryset = Board.objects.in_area(area)
