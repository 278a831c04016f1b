"""Writes of moderation: themes, links to the plan, redaction, the response, the lifecycle,
publishing. Each runs in one transaction; arguments are keyword-only.

Rules kept here, whatever page or command calls them (docs/adr/0013, "Moderation"):

- **Same area.** Themes, priorities, actions and services linked to an item must belong to
  the item's area; anything else is refused (the forms offer only the area's, too).
- **Lifecycle.** received -> themed -> responded -> action linked -> done, or not possible.
  Each status needs what it claims (``STATUS_NEEDS``): themed needs a theme, responded a
  response, action linked a linked action, done a response, not possible a reason. A save
  that would leave the item short of its status is refused, naming the field.
- **Publishing.** Only with consent to publish anonymised, never a safeguarding item, and
  only with the redacted text and the response written (``publish_problems``). A published
  item keeps both: clearing either is refused until it is unpublished.
- **Stale edits.** Every change names the ``version`` the user saw; when someone else saved
  in between nothing is written and ``StaleEdit`` carries the saved row (docs/adr/0007).
- **Safeguarding.** Only the area's admins change a flagged item. A moderator who reads a
  worry the words missed flags it by hand (``flag_for_safeguarding``): the same notice to
  the admins as on submission. What would be published (the redacted text, the response)
  is checked for the words again: a match refuses publishing, and refuses the words on an
  item already published.
- **Audit.** Every change writes an audit event naming the fields changed, never their text
  (the feedback is kept out of history tables for the same reason).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from commissioning.models import Action, Priority, Service
from commissioning.services import StaleEdit
from coproduction import services
from coproduction.models import (
    ANSWER_MAX_CHARS,
    Consent,
    Feedback,
    FeedbackContact,
    FeedbackStatus,
    Theme,
    ThemeKind,
)
from core.access import AreaAccess
from core.models import AuditEvent, Role
from core.services import record_event

__all__ = ["StaleEdit"]

MODERATORS = frozenset({Role.COMMISSIONER, Role.AREA_ADMIN})
#: The most characters of the text we publish (the answers together, before redaction).
PUBLIC_TEXT_MAX_CHARS = 4 * ANSWER_MAX_CHARS
RESPONSE_MAX_CHARS = ANSWER_MAX_CHARS

#: The fields of ``Feedback`` that moderation writes (everything else is the submission's).
MODERATION_FIELDS = (
    "themes",
    "linked_priorities",
    "linked_actions",
    "linked_services",
    "public_text",
    "response",
    "status",
    "not_possible_reason",
)
LINK_FIELDS = ("themes", "linked_priorities", "linked_actions", "linked_services")

#: The values of the Nottinghamshire co-production charter, agreed with families and
#: young people; an area starts with them and edits them (descriptions in our own words).
CHARTER_VALUES = (
    ("My voice to be the first voice", "The family's or young person's view is heard first."),
    ("Start together", "Families are involved from the beginning, not asked at the end."),
    ("Listen", "People feel listened to and can see it made a difference."),
    ("Value real life experiences", "What families live with every day counts as evidence."),
    ("Effective communications", "Clear, timely information that families can use."),
    ("Transparency and honesty", "Saying what can and cannot be done, and why."),
    ("Flexibility", "Services adapt to the child and family, not the other way round."),
    ("Willingness to consider a range of options", "More than one answer is looked at."),
)


# --- Rules (pure) -----------------------------------------------------------------------


#: What each status claims has happened, so needs (and the field that provides it).
NEEDS_THEME = frozenset({FeedbackStatus.THEMED, FeedbackStatus.RESPONDED,
                         FeedbackStatus.ACTION_LINKED, FeedbackStatus.DONE})  # fmt: skip
NEEDS_RESPONSE = frozenset({FeedbackStatus.RESPONDED, FeedbackStatus.ACTION_LINKED,
                            FeedbackStatus.DONE})  # fmt: skip


def status_problems(*, status: str, themes, response: str, actions, reason: str) -> dict[str, str]:
    """What an item lacks for ``status``, by the field that must change: empty when none."""
    problems: dict[str, str] = {}
    label = FeedbackStatus(status).label.lower()
    if status in NEEDS_THEME and not list(themes):
        problems["themes"] = f"Choose at least one theme before marking it as {label}"
    if status in NEEDS_RESPONSE and not (response or "").strip():
        problems["response"] = f"Write what we did before marking it as {label}"
    if status == FeedbackStatus.ACTION_LINKED and not list(actions):
        problems["linked_actions"] = f"Link at least one action before marking it as {label}"
    if status == FeedbackStatus.NOT_POSSIBLE and not (reason or "").strip():
        problems["not_possible_reason"] = "Say why it is not possible"
    return problems


def publish_problems(feedback: Feedback) -> list[str]:
    """Why the item cannot be published as it stands (empty when it can)."""
    if feedback.is_safeguarding:
        return ["It was flagged for safeguarding, so it is never published"]
    problems = []
    if feedback.consent != Consent.PUBLISH_ANONYMISED:
        problems.append("The person did not agree to it being published")
    if not feedback.public_text.strip():
        problems.append("Write the text we publish, with anything identifying removed")
    if not feedback.response.strip():
        problems.append("Write what we did")
    risks = services.public_risks(public_text=feedback.public_text, response=feedback.response)
    if risks:
        problems.append(services.public_risk_message(risks))
    return problems


def may_change(access: AreaAccess, feedback: Feedback) -> bool:
    """Commissioners and admins of the item's area; a safeguarding item, only its admins."""
    if feedback.area_id != access.area.pk or not access.has_any(MODERATORS):
        return False
    return access.is_area_admin or not feedback.is_safeguarding


def _check_may_change(access: AreaAccess, feedback: Feedback) -> None:
    if not may_change(access, feedback):
        raise PermissionDenied("Your role in this area cannot change this feedback")


def _check_same_area(area_id: int, data: dict) -> None:
    """Refuse a theme, priority, action or service of another area (one query per kind)."""
    scopes = {
        "themes": (Theme, "area_id"),
        "linked_priorities": (Priority, "plan__area_id"),
        "linked_actions": (Action, "priority__plan__area_id"),
        "linked_services": (Service, "area_id"),
    }
    errors = {}
    for name, (model, lookup) in scopes.items():
        wanted = {row.pk for row in data.get(name, ())}
        if not wanted:
            continue
        found = model.objects.filter(pk__in=wanted, **{lookup: area_id}).count()
        if found != len(wanted):
            errors[name] = "Choose only from this area's list"
    if errors:
        raise ValidationError(errors)


def _locked(feedback: Feedback, seen_version: int) -> Feedback:
    """The row, locked; ``StaleEdit`` when its version is no longer the one the user saw."""
    current = Feedback.objects.select_for_update().select_related("area").get(pk=feedback.pk)
    if current.version != seen_version:
        raise StaleEdit(current)
    return current


# --- Moderating an item -------------------------------------------------------------------


@transaction.atomic
def moderate_feedback(
    *, access: AreaAccess, feedback: Feedback, actor, seen_version: int, data: dict
) -> Feedback:
    """Save themes, links, the redacted text, the response and the status of an item.

    ``data`` holds ``MODERATION_FIELDS`` (others are refused). Raises ``StaleEdit`` when the
    item changed since ``seen_version``, ``ValidationError`` (by field) when a rule is broken.
    """
    unknown = set(data) - set(MODERATION_FIELDS)
    if unknown:
        raise ValueError(f"Not moderation fields: {sorted(unknown)}")
    _check_may_change(access, feedback)
    current = _locked(feedback, seen_version)
    _check_may_change(access, current)
    _check_same_area(current.area_id, data)

    plain = {k: v for k, v in data.items() if k not in LINK_FIELDS}
    for name, value in plain.items():
        if isinstance(value, str):
            plain[name] = value.replace("\r\n", "\n").replace("\r", "\n")
    links = {k: list(v) for k, v in data.items() if k in LINK_FIELDS}
    merged = {name: getattr(current, name) for name in ("public_text", "response", "status",
                                                        "not_possible_reason")}  # fmt: skip
    merged.update(plain)
    old_links = {name: list(getattr(current, name).all()) for name in LINK_FIELDS}
    new_links = {**old_links, **links}

    errors = status_problems(
        status=merged["status"],
        themes=new_links["themes"],
        response=merged["response"],
        actions=new_links["linked_actions"],
        reason=merged["not_possible_reason"],
    )
    if len(merged["public_text"]) > PUBLIC_TEXT_MAX_CHARS:
        errors["public_text"] = (
            f"The text we publish must be {PUBLIC_TEXT_MAX_CHARS:,} characters or fewer"
        )
    if len(merged["response"]) > RESPONSE_MAX_CHARS:
        errors["response"] = f"What we did must be {RESPONSE_MAX_CHARS:,} characters or fewer"
    if current.is_published:
        if not merged["public_text"].strip():
            errors["public_text"] = (
                "It is published: unpublish it before removing the text we publish"
            )
        if not merged["response"].strip():
            errors["response"] = "It is published: unpublish it before removing what we did"
        risks = services.public_risks(
            public_text=merged["public_text"], response=merged["response"]
        )
        for match in risks:
            name = "public_text" if match.field == services.PUBLIC_TEXT_LABEL else "response"
            errors.setdefault(name, "It is published: " + services.public_risk_message([match]))
    if errors:
        raise ValidationError(errors)

    changed = [name for name in merged if merged[name] != getattr(current, name)]
    changed += [
        name for name in LINK_FIELDS
        if {o.pk for o in new_links[name]} != {o.pk for o in old_links[name]}
    ]  # fmt: skip
    if not changed:
        return current

    values = {name: merged[name] for name in merged if name in changed}
    if "response" in values and values["response"].strip():
        values["responded_at"] = timezone.now()
    Feedback.objects.filter(pk=current.pk, version=seen_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    for name in LINK_FIELDS:
        if name in changed:
            getattr(current, name).set(new_links[name])
    detail: dict = {"changed": sorted(changed)}
    if "status" in changed:
        detail["status"] = [current.status, merged["status"]]
    for name in LINK_FIELDS:
        if name in changed:
            detail[name] = sorted(o.pk for o in new_links[name])
    record_event(
        action=AuditEvent.Action.UPDATED,
        actor=actor,
        area=current.area,
        obj=current,
        summary=f"Feedback {current.reference} moderated",
        detail=detail,
    )
    current.refresh_from_db()
    return current


@transaction.atomic
def publish_feedback(
    *, access: AreaAccess, feedback: Feedback, actor, seen_version: int
) -> Feedback:
    """Publish the item's redacted text and response ("you said, we did").

    Refused (``ValidationError``) without consent, for a safeguarding item, or without the
    text and the response; ``StaleEdit`` when someone changed it since ``seen_version``.
    """
    _check_may_change(access, feedback)
    current = _locked(feedback, seen_version)
    problems = publish_problems(current)
    if problems:
        raise ValidationError(problems)
    services.ensure_publishable(current)
    if current.is_published:
        return current
    now = timezone.now()
    Feedback.objects.filter(pk=current.pk).update(
        published_at=now, published_by=actor if getattr(actor, "pk", None) else None,
        version=F("version") + 1, updated_at=now,
    )  # fmt: skip
    record_event(
        action=AuditEvent.Action.UPDATED,
        actor=actor,
        area=current.area,
        obj=current,
        summary=f"Feedback {current.reference} published",
        detail={"published": True},
    )
    current.refresh_from_db()
    return current


@transaction.atomic
def unpublish_feedback(
    *, access: AreaAccess, feedback: Feedback, actor, seen_version: int
) -> Feedback:
    """Take the item off the public page (it can be published again)."""
    _check_may_change(access, feedback)
    current = _locked(feedback, seen_version)
    if not current.is_published:
        return current
    Feedback.objects.filter(pk=current.pk).update(
        published_at=None, published_by=None, version=F("version") + 1, updated_at=timezone.now()
    )
    record_event(
        action=AuditEvent.Action.UPDATED,
        actor=actor,
        area=current.area,
        obj=current,
        summary=f"Feedback {current.reference} unpublished",
        detail={"published": False},
    )
    current.refresh_from_db()
    return current


@transaction.atomic
def flag_for_safeguarding(
    *, access: AreaAccess, feedback: Feedback, actor, site_url: str = ""
) -> Feedback:
    """A moderator flags an item the safeguarding words missed.

    As on submission: the item is unpublished and never published again, only the area's
    admins read and change it, and after commit they are emailed the notice (reference and
    link). The version moves on, so a page opened before cannot save over it or publish it.
    An item already flagged is left as it is.
    """
    _check_may_change(access, feedback)
    current = Feedback.objects.select_for_update().select_related("area").get(pk=feedback.pk)
    if current.is_safeguarding:
        return current
    who = "an area admin" if access.is_area_admin else "a commissioner"
    services.flag_safeguarding(
        feedback=current, reason=f"{services.FLAGGED_BY_HAND}{who} who read it", actor=actor
    )
    Feedback.objects.filter(pk=current.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    transaction.on_commit(
        lambda: services.notify_safeguarding(feedback_id=current.pk, site_url=site_url)
    )
    current.refresh_from_db()
    return current


@transaction.atomic
def delete_feedback(*, access: AreaAccess, feedback: Feedback, actor) -> str:
    """Delete an item, its contact details and its links, when its sender asks (the privacy
    notice promises it). The area's admins only; a published item leaves the public page with
    it. The audit event keeps the reference and who deleted it, never the text. Returns the
    reference.
    """
    if feedback.area_id != access.area.pk or not access.is_area_admin:
        raise PermissionDenied("Only the area's admins can delete feedback")
    current = Feedback.objects.select_for_update().select_related("area").get(pk=feedback.pk)
    detail = {
        "contact": FeedbackContact.objects.filter(feedback=current).exists(),
        "safeguarding": current.is_safeguarding,
        "published": current.is_published,
    }
    reference, pk, area = current.reference, current.pk, current.area
    current.delete()
    record_event(
        action=AuditEvent.Action.DELETED, actor=actor, area=area,
        object_type="coproduction.Feedback", object_id=str(pk), summary=f"Feedback {reference}",
        detail=detail,
    )  # fmt: skip
    return reference


# --- Themes ----------------------------------------------------------------------------


def _name_taken(area, name: str, exclude_pk=None) -> bool:
    rows = Theme.objects.in_area(area).filter(name__iexact=name.strip())
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return rows.exists()


def _taken(area, name: str) -> ValidationError:
    return ValidationError({"name": f"{area.name} already has a theme called {name.strip()}"})


@transaction.atomic
def create_theme(*, access: AreaAccess, actor, data: dict) -> Theme:
    """Add a theme (or charter value) at the end of its kind's list."""
    area = access.area
    if _name_taken(area, data["name"]):
        raise _taken(area, data["name"])
    last = Theme.objects.in_area(area).filter(kind=data["kind"]).aggregate(m=Max("order"))["m"]
    try:
        with transaction.atomic():
            theme = Theme.objects.create(
                area=area, order=(last or 0) + 1, **{**data, "name": data["name"].strip()}
            )
    except IntegrityError as exc:  # a concurrent post took the name first
        raise _taken(area, data["name"]) from exc
    record_event(
        action=AuditEvent.Action.CREATED, actor=actor, area=area, obj=theme,
        summary=f"Theme {theme.name}",
    )  # fmt: skip
    return theme


@transaction.atomic
def update_theme(*, theme: Theme, actor, data: dict) -> Theme:
    """Rename a theme, change its description or kind."""
    current = Theme.objects.select_for_update().select_related("area").get(pk=theme.pk)
    data = {**data, "name": data["name"].strip()}
    if _name_taken(current.area, data["name"], exclude_pk=current.pk):
        raise _taken(current.area, data["name"])
    changed = {name: [getattr(current, name), value] for name, value in data.items()
               if getattr(current, name) != value}  # fmt: skip
    if not changed:
        return current
    if "kind" in changed:
        last = Theme.objects.in_area(current.area).filter(kind=data["kind"]).aggregate(
            m=Max("order"))["m"]  # fmt: skip
        data["order"] = (last or 0) + 1
    for name, value in data.items():
        setattr(current, name, value)
    try:
        with transaction.atomic():
            current.save(update_fields=list(data))
    except IntegrityError as exc:
        raise _taken(current.area, data["name"]) from exc
    record_event(
        action=AuditEvent.Action.UPDATED, actor=actor, area=current.area, obj=current,
        summary=f"Theme {current.name}", detail={"changed": {k: [str(a), str(b)]
                                                            for k, (a, b) in changed.items()}},
    )  # fmt: skip
    return current


@transaction.atomic
def move_theme(*, theme: Theme, actor, up: bool) -> None:
    """Swap the theme with its neighbour in its kind's list (renumbering the list 1, 2, ...)."""
    rows = list(
        Theme.objects.select_for_update()
        .filter(area_id=theme.area_id, kind=theme.kind)
        .order_by("order", "name", "pk")
    )
    index = next(i for i, row in enumerate(rows) if row.pk == theme.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        return
    rows[index], rows[other] = rows[other], rows[index]
    for number, row in enumerate(rows, start=1):
        if row.order != number:
            Theme.objects.filter(pk=row.pk).update(order=number)
    record_event(
        action=AuditEvent.Action.UPDATED, actor=actor, area=theme.area, obj=theme,
        summary=f"Theme {theme.name} moved {'up' if up else 'down'}",
    )  # fmt: skip


@transaction.atomic
def delete_theme(*, theme: Theme, actor) -> None:
    """Delete a theme no feedback is tagged with; one in use is refused (rename it instead)."""
    current = Theme.objects.select_for_update().select_related("area").get(pk=theme.pk)
    used = current.feedback.count()
    if used:
        raise ValidationError(
            f"{current.name} is a theme of {used} feedback item{'s' if used != 1 else ''}, "
            "so it cannot be deleted. Rename it, or remove it from those items first."
        )
    area, pk, name = current.area, current.pk, current.name
    current.delete()
    record_event(
        action=AuditEvent.Action.DELETED, actor=actor, area=area,
        object_type="coproduction.Theme", object_id=str(pk), summary=f"Theme {name}",
    )  # fmt: skip


@transaction.atomic
def add_charter_values(*, access: AreaAccess, actor) -> int:
    """Add the co-production charter's values the area does not have yet; returns how many."""
    area = access.area
    existing = {name.lower() for name in Theme.objects.in_area(area).values_list("name", flat=True)}
    last = Theme.objects.in_area(area).filter(kind=ThemeKind.CHARTER_VALUE).aggregate(
        m=Max("order"))["m"] or 0  # fmt: skip
    added = []
    for name, description in CHARTER_VALUES:
        if name.lower() in existing:
            continue
        last += 1
        added.append(Theme(area=area, name=name, description=description,
                           kind=ThemeKind.CHARTER_VALUE, order=last))  # fmt: skip
    Theme.objects.bulk_create(added, ignore_conflicts=True)
    if added:
        record_event(
            action=AuditEvent.Action.CREATED, actor=actor, area=area,
            object_type="coproduction.Theme", summary=f"{len(added)} co-production charter values",
            detail={"count": len(added)},
        )  # fmt: skip
    return len(added)
