"""Forms of moderation: an item's themes, links, text, response and status; themes.

Fields are listed explicitly (QUALITY S3). Every choice is the area's own; the services
check the same again (``coproduction.moderation``).
"""

from __future__ import annotations

from django import forms

from commissioning.forms import VersionedForm
from coproduction import moderation_selectors as selectors
from coproduction.forms import AnswerField
from coproduction.models import Feedback, FeedbackStatus, Theme, ThemeKind
from coproduction.moderation import PUBLIC_TEXT_MAX_CHARS, RESPONSE_MAX_CHARS
from core.access import AreaAccess
from core.forms import GovukForm, GovukModelForm, OnceOnlyMixin

#: The answers, in the order the public text is first written from them.
ANSWER_HEADINGS = (
    ("working", "What is working"),
    ("not_working", "What is not working"),
    ("future", "What is important for the future"),
    ("anything_else", "Anything else"),
)


def public_text_from_answers(feedback: Feedback) -> str:
    """The first draft of the text we publish: the answers under their questions."""
    parts = []
    for name, heading in ANSWER_HEADINGS:
        answer = getattr(feedback, name).strip()
        if answer:
            parts.append(f"{heading}: {answer}")
    return "\n\n".join(parts)


DESCRIPTION_MAX_CHARS = 1000


class LabelledChoices(forms.ModelMultipleChoiceField):
    """Checkboxes labelled by a function of each row (not its ``str``)."""

    def __init__(self, *args, label_of=str, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.label_of = label_of

    def label_from_instance(self, obj) -> str:
        return self.label_of(obj)


def _theme_label(theme: Theme) -> str:
    return f"{theme.name} (charter value)" if theme.kind == ThemeKind.CHARTER_VALUE else theme.name


def _priority_label(priority) -> str:
    return f"{priority.plan.title} – priority {priority.number}: {priority.title}"


def _action_label(action) -> str:
    title = action.title if len(action.title) <= 100 else action.title[:99] + "…"
    return f"Priority {action.priority.number}: {title}"


class ModerationForm(VersionedForm):
    """Everything a commissioner decides about one item, saved at once."""

    themes = LabelledChoices(
        queryset=Theme.objects.none(),
        label="Themes",
        label_of=_theme_label,
        help_text="What the feedback is about, and the charter values it speaks to",
    )
    linked_priorities = LabelledChoices(
        queryset=Theme.objects.none(),
        label="Priorities it is linked to",
        label_of=_priority_label,
        help_text="Priorities of this area's current forward plans",
    )
    linked_actions = LabelledChoices(
        queryset=Theme.objects.none(),
        label="Actions taken",
        label_of=_action_label,
        help_text="Actions of this area's current forward plans",
    )
    linked_services = LabelledChoices(
        queryset=Theme.objects.none(), label="Services it is linked to"
    )
    public_text = AnswerField(
        label="What we publish (you said)",
        limit=PUBLIC_TEXT_MAX_CHARS,
        help_text=(
            "Written first from the answers. Remove names, schools, places, dates and "
            "anything else that could identify the family before publishing"
        ),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true", "dir": "auto"}),
    )
    response = AnswerField(
        label="What we did (we did)",
        limit=RESPONSE_MAX_CHARS,
        help_text="In plain words, as the family will read it on the public page",
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "true", "dir": "auto"}),
    )
    not_possible_reason = AnswerField(
        label="Why it is not possible (only if it is not possible)",
        limit=RESPONSE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "true", "dir": "auto"}),
    )

    class Meta:
        model = Feedback
        fields = ["themes", "linked_priorities", "linked_actions", "linked_services",
                  "public_text", "response", "status", "not_possible_reason"]  # fmt: skip
        labels = {"status": "Where it is"}
        widgets = {"status": forms.RadioSelect}
        error_messages = {"status": {"required": "Select where it is"}}

    def __init__(self, *args, access: AreaAccess, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = selectors.themes(access=access)
        self.fields["linked_priorities"].queryset = selectors.priorities_to_link(access=access)
        self.fields["linked_actions"].queryset = selectors.actions_to_link(access=access)
        self.fields["linked_services"].queryset = selectors.services_to_link(access=access)
        self.fields["status"].choices = list(FeedbackStatus.choices)
        if not self.is_bound and not self.instance.public_text:
            self.initial["public_text"] = public_text_from_answers(self.instance)

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == FeedbackStatus.NOT_POSSIBLE and not cleaned.get("not_possible_reason"):
            self.add_error("not_possible_reason", "Say why it is not possible")
        return cleaned


class PublishForm(GovukForm):
    """Publish or unpublish: only the version the user saw."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput)


class ThemeForm(OnceOnlyMixin, GovukModelForm):
    class Meta:
        model = Theme
        fields = ["name", "kind", "description"]
        labels = {"name": "Name", "kind": "Type", "description": "Description (optional)"}
        help_texts = {"description": "What it covers, so that everyone tags feedback the same way"}
        widgets = {"kind": forms.RadioSelect, "name": forms.TextInput,
                   "description": forms.Textarea(attrs={"rows": 3})}  # fmt: skip
        error_messages = {
            "name": {
                "required": "Enter the theme's name",
                "max_length": "The name must be 100 characters or fewer",
            },
            "kind": {"required": "Select the type"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(ThemeKind.choices)

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_description(self) -> str:
        description = self.cleaned_data["description"]
        if len(description) > DESCRIPTION_MAX_CHARS:
            raise forms.ValidationError(
                f"The description must be {DESCRIPTION_MAX_CHARS:,} characters or fewer"
            )
        return description


class PeriodForm(GovukForm):
    period = forms.ChoiceField(
        label="Count by",
        choices=[("quarter", "Quarter (the last 8)"), ("month", "Month (the last 12)")],
        widget=forms.RadioSelect,
        required=False,
    )

    def chosen(self) -> str:
        if self.is_valid() and self.cleaned_data["period"]:
            return self.cleaned_data["period"]
        return "quarter"
