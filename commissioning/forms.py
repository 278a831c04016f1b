"""Forms for plans, priorities, actions and delivery updates (fields listed explicitly)."""

from __future__ import annotations

from django import forms

from commissioning import figures
from commissioning.models import (
    Action,
    ActionStatus,
    Arrangement,
    Commissioner,
    CycleStage,
    DeliveryUpdate,
    Direction,
    ForwardPlan,
    Lead,
    OutcomeArea,
    OutcomeFramework,
    PlanVersion,
    Priority,
    Rag,
    Service,
    SuccessMeasure,
)
from core.forms import GovukDateField, GovukModelForm, MoneyField, OnceOnlyMixin
from core.models import Board, Organisation


class VersionedForm(OnceOnlyMixin, GovukModelForm):
    """Carries the version of the row the user loaded, to detect a later save by someone else,
    and a one-time token, so that a double post saves once."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["seen_version"] = self.instance.version


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


class DeliveryUpdateForm(OnceOnlyMixin, GovukModelForm):
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


FUNDER_KINDS = ["council", "icb", "ccg", "nhs_england"]
AGE_ATTRS = {"inputmode": "numeric", "class": "govuk-input--width-2"}


class ServiceForm(VersionedForm):
    """A service, and what each partner puts into it each year."""

    contract_starts_on = GovukDateField(label="Contract start", required=False)
    contract_ends_on = GovukDateField(label="Contract end", required=False)
    review_on = GovukDateField(label="Review date", required=False)

    class Meta:
        model = Service
        fields = ["name", "provider", "commissioner", "arrangement", "age_from", "age_to",
                  "needs_served", "contract_starts_on", "contract_ends_on", "review_on",
                  "priorities"]  # fmt: skip
        labels = {"provider": "Provider (optional)", "needs_served": "Needs served (optional)",
                  "age_from": "Youngest age served", "age_to": "Oldest age served",
                  "priorities": "Priorities it serves (optional)",
                  "commissioner": "Commissioned by"}  # fmt: skip
        widgets = {"commissioner": forms.RadioSelect, "arrangement": forms.RadioSelect,
                   "priorities": forms.CheckboxSelectMultiple,
                   "age_from": forms.TextInput(attrs=AGE_ATTRS),
                   "age_to": forms.TextInput(attrs=AGE_ATTRS),
                   "needs_served": forms.Textarea(attrs={"rows": 3})}  # fmt: skip
        error_messages = {
            "name": {"required": "Enter the service's name"},
            "commissioner": {"required": "Select who commissions the service"},
            "arrangement": {"required": "Select the commissioning arrangement"},
            "age_from": {"invalid": "Youngest age served must be a whole number from 0 to 25",
                         "max_value": "Youngest age served must be 25 or less",
                         "min_value": "Youngest age served must be 0 or more"},
            "age_to": {"invalid": "Oldest age served must be a whole number from 0 to 25",
                       "max_value": "Oldest age served must be 25 or less",
                       "min_value": "Oldest age served must be 0 or more"},
        }  # fmt: skip

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commissioner"].choices = list(Commissioner.choices)
        self.fields["arrangement"].choices = list(Arrangement.choices)
        self.fields["priorities"].queryset = (
            Priority.objects.in_area(area).select_related("plan").order_by("plan", "number")
        )
        self.funders = list(
            Organisation.objects.in_area(area).filter(kind__in=FUNDER_KINDS, is_active=True)
        )
        current = {}
        if self.instance.pk:
            current = {f.organisation_id: f.annual_value for f in self.instance.funding.all()}
        for org in self.funders:
            self.fields[f"funding_{org.pk}"] = MoneyField(
                label=f"Annual value from {org.name} (£)",
                required=False,
                initial=current.get(org.pk),
                help_text="Leave empty if it puts nothing in",
            )

    def clean(self):
        cleaned = super().clean()
        ages = cleaned.get("age_from"), cleaned.get("age_to")
        if None not in ages and ages[1] < ages[0]:
            self.add_error(
                "age_to", "Oldest age served must be the same as or more than the youngest"
            )
        _check_order(self, "contract_starts_on", "contract_ends_on",
                     "Contract end must be the same as or after the contract start")  # fmt: skip
        return cleaned

    def funding(self) -> dict:
        """{organisation: annual value} for the partners with a value."""
        return {
            org: self.cleaned_data[f"funding_{org.pk}"]
            for org in self.funders
            if self.cleaned_data.get(f"funding_{org.pk}") is not None
        }


class ApproveVersionForm(OnceOnlyMixin, GovukModelForm):
    approved_on = GovukDateField(label="Date the board approved it")

    class Meta:
        model = PlanVersion
        fields = ["approved_by_board", "approved_on"]
        labels = {"approved_by_board": "Board that approved it"}
        error_messages = {"approved_by_board": {"required": "Select the board that approved it"}}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by_board"].queryset = Board.objects.in_area(area)


class CompareForm(forms.Form):
    """Which two versions to compare ("current" is the plan as it stands)."""

    use_required_attribute = False

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(v.number), str(v)) for v in plan.versions.all()]
        self.fields["old"] = forms.ChoiceField(label="From", choices=choices)
        self.fields["new"] = forms.ChoiceField(
            label="To", choices=[("current", "The plan as it stands now"), *choices]
        )


class LeadForm(OnceOnlyMixin, GovukModelForm):
    class Meta:
        model = Lead
        fields = ["name", "role", "organisation"]
        labels = {"name": "Name or post", "role": "Role (optional)",
                  "organisation": "Organisation (optional)"}  # fmt: skip
        help_texts = {"name": "For example, Head of SEND Commissioning"}
        error_messages = {"name": {"required": "Enter the lead's name or post"}}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.in_area(area)


DECIMAL_ATTRS = {"inputmode": "decimal", "class": "govuk-input--width-10"}
NUMBER = {
    "required": False,
    "max_digits": 14,
    "decimal_places": 2,
    "widget": forms.TextInput(attrs=DECIMAL_ATTRS),  # GOV.UK: text boxes, not type=number
}


class MeasureForm(OnceOnlyMixin, GovukModelForm):
    target_date = GovukDateField(label="Target date", required=False)
    baseline_value = forms.DecimalField(label="Baseline (optional)", **NUMBER)
    current_value = forms.DecimalField(
        label="Current value (optional)",
        help_text="Not needed when it follows a figure of the portal",
        **NUMBER,
    )
    target_value = forms.DecimalField(label="Target (optional)", **NUMBER)

    class Meta:
        model = SuccessMeasure
        fields = ["description", "baseline_value", "current_value", "target_value", "unit",
                  "direction", "target_date", "figure"]  # fmt: skip
        labels = {"description": "How we will know", "unit": "Unit (optional)",
                  "direction": "Which way is better"}  # fmt: skip
        widgets = {"direction": forms.RadioSelect, "unit": forms.TextInput(
            attrs={"class": "govuk-input--width-5"})}  # fmt: skip
        error_messages = {"description": {"required": "Enter how you will know"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = list(Direction.choices)
        self.fields["figure"] = forms.ChoiceField(
            label="Follow a figure the portal computes (optional)",
            choices=[("", "No: I will enter the current value"), *figures.choices()],
            required=False,
        )
        for name in ("baseline_value", "current_value", "target_value"):
            label = self.fields[name].label.removesuffix(" (optional)")
            self.fields[name].error_messages.update(
                invalid=f"{label} must be a number, like 60 or 12.5",
                max_decimal_places=f"{label} must not have more than 2 decimal places",
                max_digits=f"{label} is too large",
                max_whole_digits=f"{label} is too large",
            )


class OutcomeFrameworkForm(OnceOnlyMixin, GovukModelForm):
    """A framework and its outcome areas, typed one per line as "F: Family and friends"."""

    outcome_lines = forms.CharField(
        label="Outcome areas",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            'One per line, with an optional short code before a colon, like "F: Family and friends"'
        ),
        error_messages={"required": "Enter at least one outcome area"},
    )

    class Meta:
        model = OutcomeFramework
        fields = ["name", "description"]
        labels = {"description": "Description (optional)"}
        error_messages = {"name": {"required": "Enter the framework's name"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["outcome_lines"] = "\n".join(
                f"{o.code}: {o.name}" if o.code else o.name
                for o in self.instance.outcome_areas.all()
            )

    def clean_outcome_lines(self) -> list[tuple[str, str]]:
        outcomes, codes = [], set()
        for number, line in enumerate(self.cleaned_data["outcome_lines"].splitlines(), start=1):
            if not line.strip():
                continue
            code, _, name = line.partition(":") if ":" in line else ("", "", line)
            code, name = code.strip(), name.strip()
            if not name:
                raise forms.ValidationError(f"Line {number} has a code but no name")
            if len(code) > 10 or len(name) > 100:
                raise forms.ValidationError(
                    f"Line {number} is too long: codes up to 10 characters, names up to 100"
                )
            if code and code.lower() in codes:
                raise forms.ValidationError(f"Line {number} repeats the code {code}")
            codes.add(code.lower())
            outcomes.append((code, name))
        if not outcomes:
            raise forms.ValidationError("Enter at least one outcome area")
        return outcomes
