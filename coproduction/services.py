"""Writes to co-production data. Each runs in one transaction; arguments are keyword-only.

Submission side (docs/adr/0013): ``submit_feedback`` saves one item however
often the final step is posted (R1, through ``core.SubmissionToken``), throttles
by client and by area, checks the answers for safeguarding words and, when one
matches, flags the item (it can then never be published) and emails the
area's admins at once. ``purge_feedback_contacts`` deletes contact details
whose retention period has passed.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from coproduction import safeguarding
from coproduction.models import (
    Consent,
    CoproductionSettings,
    Feedback,
    FeedbackAttempt,
    FeedbackContact,
)
from core.models import Area, AuditEvent, Role, RoleAssignment
from core.services import claim_submission, record_event, record_submission, submission_result

logger = logging.getLogger(__name__)

#: The fields of ``Feedback`` a submission may set (everything else is the portal's).
ANSWER_FIELDS = (
    "speaker",
    "channel",
    "about_priority",
    "about_service",
    "working",
    "not_working",
    "future",
    "anything_else",
    "feeling",
    "consent",
)
CONTACT_FIELDS = ("name", "email", "phone", "purpose")
#: How the reason of an item flagged by hand starts (the words give the phrases instead).
FLAGGED_BY_HAND = "Flagged by "
PUBLIC_TEXT_LABEL = "The text we publish"
RESPONSE_LABEL = "What we did"
THROTTLE_WINDOW = timedelta(hours=1)
ATTEMPTS_KEPT = timedelta(days=1)


class Throttled(Exception):
    """Too much feedback from one address, or to one area, in the last hour. Nothing saved."""


@dataclass(frozen=True)
class Submitted:
    #: the item saved by this post; None when an earlier post of the same form saved it
    feedback: Feedback | None
    #: where the person goes next: this post's confirmation, or the earlier post's
    url: str


def client_key(address: str | None) -> str:
    """A keyed hash of the client's address: throttling without keeping the address."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"feedback:{address or '-'}".encode(), hashlib.sha256).hexdigest()


def _check_throttle(*, area: Area, client: str) -> None:
    since = timezone.now() - THROTTLE_WINDOW
    recent = FeedbackAttempt.objects.filter(at__gte=since)
    if recent.filter(client_key=client).count() >= settings.FEEDBACK_MAX_PER_CLIENT_PER_HOUR:
        raise Throttled("client")
    if recent.filter(area=area).count() >= settings.FEEDBACK_MAX_PER_AREA_PER_HOUR:
        raise Throttled("area")


def _create_feedback(**values) -> Feedback:
    """Insert with a fresh random reference, trying again on the rare clash."""
    for _ in range(5):
        try:
            with transaction.atomic():
                return Feedback.objects.create(**values)
        except IntegrityError as error:
            if "reference" not in str(error):
                raise
    raise IntegrityError("Could not find a free feedback reference")


@transaction.atomic
def submit_feedback(
    *,
    area: Area,
    token,
    answers: dict,
    contact: dict | None,
    submitted_by,
    client: str,
    done_url: str,
    site_url: str = "",
) -> Submitted:
    """Save a person's feedback (and contact details, if given) once.

    ``answers`` holds ``ANSWER_FIELDS`` (others are refused); ``contact`` holds
    ``CONTACT_FIELDS`` or is None. Raises ``Throttled`` (nothing saved, the
    token released) when the address or the area has sent too much this hour.
    """
    unknown = set(answers) - set(ANSWER_FIELDS)
    if unknown:
        raise ValueError(f"Not answers: {sorted(unknown)}")
    if not any(answers.get(name) for name in ("working", "not_working", "future")):
        raise ValidationError("Answer at least one question")
    if not claim_submission(token=token, area=area):
        return Submitted(None, submission_result(token=token))
    _check_throttle(area=area, client=client)
    FeedbackAttempt.objects.create(area=area, client_key=client)

    user = submitted_by if submitted_by is not None and submitted_by.is_authenticated else None
    feedback = _create_feedback(area=area, submitted_by=user, **answers)
    if contact:
        retention = timedelta(days=settings.FEEDBACK_CONTACT_RETENTION_DAYS)
        FeedbackContact.objects.create(
            feedback=feedback,
            delete_after=timezone.localdate() + retention,
            **{name: contact.get(name, "") for name in CONTACT_FIELDS},
        )
    record_event(
        action=AuditEvent.Action.CREATED,
        actor=user,
        area=area,
        obj=feedback,
        summary=f"Feedback {feedback.reference}",
        detail={"channel": feedback.channel, "contact": bool(contact)},
    )
    matches = safeguarding.find_risks(
        {Feedback._meta.get_field(name).verbose_name: answers.get(name, "")
         for name in ("working", "not_working", "future", "anything_else")}
    )  # fmt: skip
    if matches:
        flag_safeguarding(feedback=feedback, reason=safeguarding.describe(matches))
        transaction.on_commit(
            lambda: notify_safeguarding(feedback_id=feedback.pk, site_url=site_url)
        )
    record_submission(token=token, url=done_url)
    return Submitted(feedback, done_url)


def flag_safeguarding(*, feedback: Feedback, reason: str, actor=None) -> None:
    """Mark an item as a safeguarding concern: it is unpublished and can never be published.

    ``actor`` is the moderator who flagged it by hand; None when the words found it.
    """
    with transaction.atomic():
        Feedback.objects.filter(pk=feedback.pk).update(
            is_safeguarding=True,
            safeguarding_reason=reason,
            flagged_at=timezone.now(),
            published_at=None,
            published_by=None,
        )
        record_event(
            action=AuditEvent.Action.UPDATED,
            actor=actor,
            area=feedback.area,
            obj=feedback,
            summary=f"Feedback {feedback.reference} flagged for safeguarding",
            detail={"safeguarding": True, "by": "moderator" if actor else "words"},
        )
    feedback.refresh_from_db()


def safeguarding_link(feedback: Feedback) -> str:
    """Where an area admin reads a flagged item (the moderation page, once it exists)."""
    kwargs = {"area": feedback.area.slug}
    for name, extra in (
        ("coproduction:moderation-item", {"pk": feedback.pk}),
        ("coproduction:moderation", {}),
    ):
        try:
            return reverse(name, kwargs={**kwargs, **extra})
        except NoReverseMatch:
            continue
    return reverse("core:area", kwargs=kwargs)


def notify_safeguarding(*, feedback_id: int, site_url: str = "") -> int:
    """Email the area's admins a safeguarding notice: the reference and a link, never the text.

    Runs after the feedback is saved; a mail failure is logged and leaves
    ``safeguarding_notified_at`` empty (the item still waits, flagged, in the queue).
    Returns the number of people emailed.
    """
    feedback = Feedback.objects.select_related("area").get(pk=feedback_id)
    recipients = sorted(
        RoleAssignment.objects.filter(
            area=feedback.area, role=Role.AREA_ADMIN, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if not recipients:
        logger.error("Safeguarding notice for %s: the area has no admin", feedback.reference)
        return 0
    site_url = site_url or f"https://{settings.ALLOWED_HOSTS[0]}"
    context = {
        "feedback": feedback,
        "area": feedback.area,
        "link": site_url.rstrip("/") + safeguarding_link(feedback),
        "service_name": settings.SERVICE_NAME,
        "by_hand": feedback.safeguarding_reason.startswith(FLAGGED_BY_HAND),
    }
    subject = f"Safeguarding: feedback {feedback.reference} needs reading today"
    body = render_to_string("coproduction/submit/safeguarding_email.txt", context)
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # the item is saved and flagged; the failure must not lose it
        logger.exception("Safeguarding notice for %s was not sent", feedback.reference)
        return 0
    Feedback.objects.filter(pk=feedback.pk).update(safeguarding_notified_at=timezone.now())
    return len(recipients)


def resend_safeguarding_notices(*, dry_run: bool = False) -> list[str]:
    """Send the notices a mail failure left unsent (schedule it often); the references."""
    pending = Feedback.objects.filter(is_safeguarding=True, safeguarding_notified_at__isnull=True)
    references = []
    for pk, reference in pending.order_by("flagged_at").values_list("pk", "reference"):
        if dry_run or notify_safeguarding(feedback_id=pk):
            references.append(reference)
    return references


def public_risks(*, public_text: str, response: str) -> list[safeguarding.Match]:
    """The safeguarding words in what would be published: the redacted text and the response.

    The answers were checked when they were sent; a moderator's rewriting, or a response
    quoting the family, is checked again before anyone outside the council reads it.
    """
    return safeguarding.find_risks({PUBLIC_TEXT_LABEL: public_text, RESPONSE_LABEL: response})


def public_risk_message(matches: list[safeguarding.Match]) -> str:
    return (
        f"Its words may mean a child is at risk ({safeguarding.describe(matches)}). "
        "If a child may be at risk, flag it for safeguarding; if not, reword it"
    )


def ensure_publishable(feedback: Feedback) -> None:
    """Refuse to publish an item flagged for safeguarding, given without consent, or whose
    public text or response holds safeguarding words.

    Every publishing service calls this first (the database refuses the first two too).
    """
    if feedback.is_safeguarding:
        raise ValidationError("This feedback was flagged for safeguarding and is never published")
    if feedback.consent != Consent.PUBLISH_ANONYMISED:
        raise ValidationError("The person did not agree to this feedback being published")
    matches = public_risks(public_text=feedback.public_text, response=feedback.response)
    if matches:
        raise ValidationError(public_risk_message(matches))


@transaction.atomic
def set_public_feedback(*, area: Area, actor, allowed: bool) -> CoproductionSettings:
    row, _ = CoproductionSettings.objects.update_or_create(
        area=area, defaults={"allow_public_feedback": allowed}
    )
    record_event(
        action=AuditEvent.Action.UPDATED,
        actor=actor,
        area=area,
        obj=row,
        summary=f"Anyone may give feedback: {'yes' if allowed else 'no'}",
    )
    return row


@dataclass(frozen=True)
class Purged:
    contacts: int
    attempts: int
    by_area: dict[str, int]


@transaction.atomic
def purge_feedback_contacts(*, today: date | None = None, dry_run: bool = False) -> Purged:
    """Delete contact details kept past their ``delete_after`` date, and old throttle rows.

    A dry run counts the same rows and deletes nothing.
    """
    today = today or timezone.localdate()
    due = FeedbackContact.objects.filter(delete_after__lt=today)
    by_area: dict[str, int] = {}
    for slug in due.values_list("feedback__area__slug", flat=True):
        by_area[slug] = by_area.get(slug, 0) + 1
    old_attempts = FeedbackAttempt.objects.filter(at__lt=timezone.now() - ATTEMPTS_KEPT)
    contacts, attempts = sum(by_area.values()), old_attempts.count()
    if dry_run:
        return Purged(contacts, attempts, by_area)
    due.delete()
    old_attempts.delete()
    for area in Area.objects.filter(slug__in=by_area):
        record_event(
            action=AuditEvent.Action.DELETED,
            area=area,
            object_type="coproduction.FeedbackContact",
            summary=f"Contact details of {by_area[area.slug]} feedback items past retention",
            detail={"count": by_area[area.slug]},
        )
    return Purged(contacts, attempts, by_area)
