"""Feedback from parent carers and young people, its themes, and "you said, we did".

Feedback is special category data about children: the row holds what was said
and nothing that names a child. Contact details, when given, live apart in
``FeedbackContact`` so that retention can delete them (``purge_feedback_contacts``)
and exports never join them by accident. An item flagged for safeguarding can
never be published: the public queryset leaves it out and a database constraint
refuses it (docs/adr/0013-coproduction-feedback.md).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from commissioning.models import Action, Priority, Service
from core.models import Area, Role
from core.scoping import AreaScopedQuerySet

#: The most characters one answer may hold (forms refuse more, naming the limit).
ANSWER_MAX_CHARS = 5000

#: Reference numbers avoid characters people misread: no 0/O, 1/I/L.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_PREFIX = "FB-"
REFERENCE_LENGTH = 8


def new_reference() -> str:
    """A random reference such as ``FB-K7M2QX9D`` (31^8 possibilities; uniqueness is a DB rule)."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return REFERENCE_PREFIX + body


class CoproductionSettings(models.Model):
    """An area's choices about feedback. No row means the defaults (forum members only)."""

    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="coproduction")
    allow_public_feedback = models.BooleanField(
        "Anyone may give feedback",
        default=False,
        help_text="Off: only forum members of the area, signed in, can give feedback",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "co-production settings"
        verbose_name_plural = "co-production settings"

    def __str__(self) -> str:
        return f"Co-production settings of {self.area}"


class ThemeKind(models.TextChoices):
    THEME = "theme", "Theme"
    CHARTER_VALUE = "charter_value", "Co-production charter value"


class Theme(models.Model):
    """A theme commissioners tag feedback with, or a value of the area's co-production charter."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="feedback_themes")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=ThemeKind.choices, default=ThemeKind.THEME)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "order", "name"]
        constraints = [
            models.UniqueConstraint("area", Lower("name"), name="theme_name_unique_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class Speaker(models.TextChoices):
    PARENT_CARER = "parent_carer", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    PROFESSIONAL = "professional", "Professional"
    OTHER = "other", "Someone else"


class Channel(models.TextChoices):
    ADULT = "adult", "Feedback form"
    YOUNG_PEOPLE = "young_people", "Young people's form"


class Feeling(models.TextChoices):
    """The young people's form's optional picture choice (faces), each with a text label."""

    HAPPY = "happy", "Happy"
    OKAY = "okay", "Okay"
    SAD = "sad", "Sad"
    WORRIED = "worried", "Worried"
    ANGRY = "angry", "Angry"


class Consent(models.TextChoices):
    PUBLISH_ANONYMISED = "publish_anonymised", "Yes, you may publish it without my name"
    DO_NOT_PUBLISH = "do_not_publish", "No, do not publish it"


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    THEMED = "themed", "Themed"
    RESPONDED = "responded", "Responded"
    ACTION_LINKED = "action_linked", "Action linked"
    DONE = "done", "Done"
    NOT_POSSIBLE = "not_possible", "Not possible"


class FeedbackQuerySet(AreaScopedQuerySet):
    def published(self):
        """What anyone may read: published, with consent, never a safeguarding item."""
        return self.filter(
            published_at__isnull=False,
            consent=Consent.PUBLISH_ANONYMISED,
            is_safeguarding=False,
        )

    def for_access(self, access):
        """Commissioners and area admins read all of their area's feedback; others the published.

        A forum member's own submissions come from ``submitted_by(user)``.
        """
        rows = super().for_access(access)
        if not access.has_any({Role.COMMISSIONER, Role.AREA_ADMIN}):
            rows = rows.published()
        return rows

    def submitted_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(submitted_by=user)


class Feedback(models.Model):
    """One piece of feedback: the Working Together for Change answers, and what was done.

    Holds no names or addresses of children; the form asks for none.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="feedback")
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    speaker = models.CharField("Who is speaking", max_length=20, choices=Speaker.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.ADULT)
    about_priority = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_about_it",
        help_text="The priority the person said it is about",
    )
    about_service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_about_it",
        help_text="The service the person said it is about",
    )
    # Working Together for Change (max length ANSWER_MAX_CHARS, enforced by forms).
    working = models.TextField("What is working", blank=True)
    not_working = models.TextField("What is not working", blank=True)
    future = models.TextField("What is important for the future", blank=True)
    anything_else = models.TextField("Anything else", blank=True)
    feeling = models.CharField("How it feels", max_length=10, choices=Feeling.choices, blank=True)
    consent = models.CharField(max_length=20, choices=Consent.choices)

    status = models.CharField(
        max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    not_possible_reason = models.TextField("Why it is not possible", blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="feedback")
    linked_priorities = models.ManyToManyField(Priority, blank=True, related_name="linked_feedback")
    linked_actions = models.ManyToManyField(Action, blank=True, related_name="linked_feedback")
    linked_services = models.ManyToManyField(Service, blank=True, related_name="linked_feedback")

    public_text = models.TextField(
        "What we publish", blank=True, help_text="The feedback with anything identifying removed"
    )
    response = models.TextField("What we did", blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    is_safeguarding = models.BooleanField("Safeguarding concern", default=False)
    safeguarding_reason = models.CharField(
        max_length=300, blank=True, help_text="What the check matched (words, not the feedback)"
    )
    flagged_at = models.DateTimeField(null=True, blank=True)
    safeguarding_notified_at = models.DateTimeField(null=True, blank=True)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_submitted",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "feedback"
        indexes = [models.Index(fields=["area", "status"], name="feedback_area_status")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(working="", not_working="", future=""),
                name="feedback_answers_one_question",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | Q(is_safeguarding=False, consent="publish_anonymised"),
                name="feedback_published_only_with_consent_and_no_safeguarding",
            ),
            models.CheckConstraint(
                condition=~Q(status="not_possible") | ~Q(not_possible_reason=""),
                name="feedback_not_possible_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ContactPurpose(models.TextChoices):
    FOLLOW_UP = "follow_up", "To ask you more about what you told us"
    RESPONSE = "response", "To tell you what we did about it"
    BOTH = "both", "Both"


class FeedbackContactQuerySet(AreaScopedQuerySet):
    area_field = "feedback__area"


class FeedbackContact(models.Model):
    """How to reach the person who gave feedback, if they chose to say. Deleted by retention."""

    feedback = models.OneToOneField(Feedback, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    purpose = models.CharField(
        "Why we may contact you", max_length=20, choices=ContactPurpose.choices
    )
    delete_after = models.DateField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedbackContactQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="", phone=""), name="feedback_contact_has_email_or_phone"
            ),
        ]

    def __str__(self) -> str:
        return f"Contact for {self.feedback_id}"


class FeedbackAttempt(models.Model):
    """A post of a feedback form's final step, for throttling; kept a day at most.

    ``client_key`` is a keyed hash of the client's address, never the address.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    client_key = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["area", "at"], name="feedback_attempt_area_at"),
            models.Index(fields=["client_key", "at"], name="feedback_attempt_client_at"),
        ]

    def __str__(self) -> str:
        return f"{self.client_key[:8]} at {self.at:%Y-%m-%d %H:%M}"
