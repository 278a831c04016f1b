"""Forms of the feedback steps: one thing per page, answers kept in the session.

Every step form takes ``access`` (the requester's ``AreaAccess``) and
``earlier`` (the answers given so far) and turns its cleaned data into
session-safe values with ``to_session()``. Free text is kept as typed (script
tags, emoji, right-to-left text) and always escaped when shown; an answer longer
than ``ANSWER_MAX_CHARS`` is refused with the limit named and the text kept.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models

from coproduction import selectors
from coproduction.models import (
    ANSWER_MAX_CHARS,
    Consent,
    ContactPurpose,
    Feeling,
    Speaker,
)
from core.forms import GovukForm

QUESTIONS = ("working", "not_working", "future")
YES_NO = [("yes", "Yes"), ("no", "No")]


class AnswerField(forms.CharField):
    """A free-text answer: optional, line endings as one character, at most ``limit`` long.

    No ``maxlength`` attribute: a browser would cut pasted text silently.
    """

    def __init__(self, *, too_long: str = "", limit: int = ANSWER_MAX_CHARS, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.Textarea(attrs={"rows": 5, "spellcheck": "true", "dir": "auto"})
        )
        super().__init__(**kwargs)
        self.limit = limit
        self.too_long = too_long or "{label} must be {limit:,} characters or fewer"

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if len(value) > self.limit:
            message = self.too_long.format(label=str(self.label).rstrip("?"), limit=self.limit)
            raise forms.ValidationError(f"{message} – you have written {len(value):,}")


class StepForm(GovukForm):
    """A step of the feedback journey."""

    def __init__(self, *args, access=None, earlier: dict | None = None, **kwargs):
        self.access = access
        self.earlier = earlier or {}
        super().__init__(*args, **kwargs)

    def to_session(self) -> dict:
        """The cleaned values as the session keeps them (objects by primary key)."""
        values = {}
        for name, value in self.cleaned_data.items():
            values[name] = value.pk if isinstance(value, models.Model) else value
        return values


# --- The feedback form (parent carers, professionals, anyone) --------------------------


class SpeakerForm(StepForm):
    speaker = forms.ChoiceField(
        label="Who are you?",
        choices=Speaker.choices,
        widget=forms.RadioSelect,
        help_text="This helps us understand your feedback",
        error_messages={"required": "Select who you are"},
    )


class AboutForm(StepForm):
    about_priority = forms.ModelChoiceField(
        label="A priority in our plan (optional)",
        queryset=None,
        required=False,
        empty_label="Not about one priority",
        error_messages={"invalid_choice": "Select a priority from the list"},
    )
    about_service = forms.ModelChoiceField(
        label="A service (optional)",
        queryset=None,
        required=False,
        empty_label="Not about one service",
        error_messages={"invalid_choice": "Select a service from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about_priority"].queryset = selectors.priorities_to_choose(access=self.access)
        self.fields["about_service"].queryset = selectors.services_to_choose(access=self.access)


def one_question_needed(form: forms.Form, message: str, *, field: str = "working") -> None:
    """At least one of the three questions answered, here or on an earlier step."""
    given = {**form.earlier, **form.cleaned_data}
    if not form.errors and not any(given.get(name) for name in QUESTIONS):
        form.add_error(field, message)


class QuestionsForm(StepForm):
    working = AnswerField(
        label="What is working?",
        help_text="What helps you or your family. Do not include anyone's name.",
    )
    not_working = AnswerField(
        label="What is not working?",
        help_text="What is hard, slow or missing. Do not include anyone's name.",
    )
    future = AnswerField(
        label="What is important for the future?",
        help_text="What you would like to happen or change",
    )
    anything_else = AnswerField(label="Anything else you want to tell us (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            limit = f"You can write up to {ANSWER_MAX_CHARS:,} characters."
            field.help_text = " ".join(filter(None, [field.help_text, limit]))

    def clean(self):
        cleaned = super().clean()
        one_question_needed(
            self,
            "Answer at least one question: what is working, what is not working, "
            "or what is important for the future",
        )
        return cleaned


class ConsentForm(StepForm):
    consent = forms.ChoiceField(
        label="Can we publish your feedback?",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        help_text=(
            "We publish feedback on our \u2018You said, we did\u2019 page without names or "
            "anything that could show who you or your child are. We may shorten it first."
        ),
        error_messages={"required": "Select yes if we may publish your feedback"},
    )


class ContactChoiceForm(StepForm):
    contact_wanted = forms.ChoiceField(
        label="Can we contact you about your feedback?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="You do not have to give us your contact details",
        error_messages={"required": "Select yes if we can contact you"},
    )


class ContactForm(StepForm):
    name = forms.CharField(label="Your name (optional)", max_length=150, required=False)
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    purpose = forms.ChoiceField(
        label="Why may we contact you?",
        choices=ContactPurpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why we may contact you"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        days = settings.FEEDBACK_CONTACT_RETENTION_DAYS
        self.fields["email"].help_text = "Give an email address, a phone number, or both"
        self.fields[
            "purpose"
        ].help_text = f"We use your details only for this, and delete them after {days} days"

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if phone and (len(digits) < 10 or set(phone) - set("0123456789 +()-")):
            raise forms.ValidationError(self.phone_message)
        return phone

    phone_message = "Enter a phone number, like 01632 960 001 or +44 7700 900 982"

    missing_message = "Enter an email address or a phone number"

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("email") or cleaned.get("phone")):
            self.add_error("email", self.missing_message)
        return cleaned


class CheckForm(GovukForm):
    """The final step: the journey's one-time token, and a honeypot people never see."""

    submission = forms.UUIDField(widget=forms.HiddenInput)
    #: hidden from people (display: none); a bot that fills it gets a neutral page
    website = forms.CharField(required=False, max_length=200)

    @property
    def is_spam(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data["website"])


# --- The young people's form: plain words, short steps ---------------------------------

YOUNG_TOO_LONG = "This is too long. Make it shorter than {limit:,} letters and spaces"


class FeelingForm(StepForm):
    feeling = forms.ChoiceField(
        label="How do you feel about the help you get?",
        choices=Feeling.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Pick one, or skip this",
    )


class GoodForm(StepForm):
    working = AnswerField(
        label="What is good?",
        help_text="Tell us what helps you. Do not write anyone's name.",
        too_long=YOUNG_TOO_LONG,
    )


class NotGoodForm(StepForm):
    not_working = AnswerField(
        label="What is not good?",
        help_text="Tell us what is hard or does not help. Do not write anyone's name.",
        too_long=YOUNG_TOO_LONG,
    )


class BetterForm(StepForm):
    future = AnswerField(
        label="What would make things better?",
        help_text="Tell us what you would like to change",
        too_long=YOUNG_TOO_LONG,
    )

    def clean(self):
        cleaned = super().clean()
        one_question_needed(
            self,
            "Tell us one thing. Write it here, or go back and tell us what is good or not good",
            field="future",
        )
        return cleaned


class ShareForm(StepForm):
    consent = forms.ChoiceField(
        label="Can we share what you told us?",
        choices=[
            (Consent.PUBLISH_ANONYMISED, "Yes, you can share it"),
            (Consent.DO_NOT_PUBLISH, "No, keep it private"),
        ],
        widget=forms.RadioSelect,
        help_text="We will not say who you are",
        error_messages={"required": "Pick yes or no"},
    )


class YoungContactChoiceForm(StepForm):
    contact_wanted = forms.ChoiceField(
        label="Do you want us to tell you what we did?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="Then we need a way to reach you",
        error_messages={"required": "Pick yes or no"},
    )


class YoungContactForm(ContactForm):
    """The same details in plain words; the reason is always to say what we did."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["purpose"]
        self.fields["name"].label = "Your first name (you can skip this)"
        self.fields[
            "email"
        ].help_text = "You can give the email of a parent, carer or an adult you trust"
        self.fields["email"].error_messages["invalid"] = (
            "That email does not look right. It should look like name@example.org"
        )

    missing_message = "Give us an email address or a phone number"
    phone_message = "That phone number does not look right. It should look like 01632 960 001"

    def clean(self):
        cleaned = super().clean()
        cleaned["purpose"] = ContactPurpose.RESPONSE
        return cleaned
