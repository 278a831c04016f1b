"""Load the demo feedback from ``fixtures/demo/feedback/`` (one JSON file per area; idempotent).

Each item has a stable reference made from the area's prefix and its number (``FB-NFKDM22``
style), so a second load finds every row and writes only what differs: no duplicates, no
``updated_at`` bumped. Themes are found by name. Links to priorities and actions name the
priority's number in the area's approved plan and the start of the action's title. Items
marked ``mine`` were sent by the area's demo forum member (when the demo sign-ins exist).
Refused unless DEBUG is on, like the demo sign-ins: the texts are invented.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from commissioning.models import Action, PlanStatus, Priority
from coproduction.models import (
    REFERENCE_ALPHABET,
    REFERENCE_PREFIX,
    Channel,
    Consent,
    Feedback,
    FeedbackStatus,
    Theme,
    ThemeKind,
)
from core.demo import DEMO_DIR
from core.models import Area, User

Spec = dict[str, Any]


class DemoDataError(ValueError):
    """A feedback file is malformed or refers to something that does not exist."""


def demo_reference(prefix: str, number: int) -> str:
    """``FB-`` + the area's three letters + ``DM`` + three characters of the reference
    alphabet: a valid reference no real submission is likely to have."""
    digits = []
    for _ in range(3):
        number, digit = divmod(number, len(REFERENCE_ALPHABET))
        digits.append(REFERENCE_ALPHABET[digit])
    return f"{REFERENCE_PREFIX}{prefix}DM{''.join(reversed(digits))}"


@transaction.atomic
def load_feedback(directory: Path = DEMO_DIR / "feedback") -> dict[str, int]:
    """Create or update every area's demo themes and feedback; return counts by kind."""
    if not settings.DEBUG:
        raise PermissionError("Demo feedback is only loaded when DEBUG is on")
    counts: Counter[str] = Counter()
    for path in sorted(directory.glob("*.json")):
        _load_file(path, counts)
    return dict(counts)


def _load_file(path: Path, counts: Counter[str]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    area = Area.objects.filter(slug=data.get("area")).first()
    if area is None:
        raise DemoDataError(f"{path.name}: area: no area {data.get('area')!r} (load areas first)")
    themes = {}
    for order, (name, kind, description) in enumerate(data["themes"], start=1):
        themes[name] = _theme(area, name, ThemeKind(kind), description, order, counts)
    forum = User.objects.filter(email=f"forum@{area.slug}.demo").first()
    for spec in data["feedback"]:
        key = f"{path.name}: feedback {spec.get('ref')}"
        try:
            _feedback(area, data["prefix"], spec, themes, forum, counts)
        except (KeyError, ValueError, Theme.DoesNotExist) as error:
            raise DemoDataError(f"{key}: {error!r}") from error


def _theme(area, name, kind, description, order, counts) -> Theme:
    theme = Theme.objects.filter(area=area, name__iexact=name).first()
    values = {"name": name, "kind": kind, "description": description, "order": order}
    if theme is None:
        counts["themes created"] += 1
        return Theme.objects.create(area=area, **values)
    changed = {field: value for field, value in values.items() if getattr(theme, field) != value}
    if changed:
        Theme.objects.filter(pk=theme.pk).update(**changed)
        counts["themes updated"] += 1
    return theme


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    return timezone.make_aware(datetime.combine(date.fromisoformat(value), time(10, 0)))


def _values(spec: Spec, forum) -> Spec:
    responded = _moment(spec.get("responded"))
    published = _moment(spec.get("published"))
    safeguarding = spec.get("safeguarding", "")
    values = {
        "speaker": spec["speaker"],
        "channel": Channel(spec.get("channel", Channel.ADULT)),
        "working": spec.get("working", ""),
        "not_working": spec.get("not_working", ""),
        "future": spec.get("future", ""),
        "anything_else": spec.get("anything_else", ""),
        "feeling": spec.get("feeling", ""),
        "consent": Consent(spec.get("consent", Consent.PUBLISH_ANONYMISED)),
        "status": FeedbackStatus(spec["status"]),
        "not_possible_reason": spec.get("not_possible_reason", ""),
        "public_text": spec.get("public_text", ""),
        "response": spec.get("response", ""),
        "responded_at": responded,
        "published_at": published,
        "is_safeguarding": bool(safeguarding),
        "safeguarding_reason": safeguarding,
        "flagged_at": _moment(spec["received"]) if safeguarding else None,
        "submitted_by_id": forum.pk if forum and spec.get("mine") else None,
        "created_at": _moment(spec["received"]),
    }
    if published and (values["is_safeguarding"] or values["consent"] != Consent.PUBLISH_ANONYMISED):
        raise ValueError("only consented items without a safeguarding flag can be published")
    return values


def _feedback(area, prefix, spec, themes, forum, counts) -> None:
    reference = demo_reference(prefix, int(spec["ref"]))
    values = _values(spec, forum)
    feedback = Feedback.objects.filter(reference=reference).first()
    created = feedback is None
    if created:
        feedback = Feedback.objects.create(area=area, reference=reference, **values)
        counts["feedback created"] += 1
    elif feedback.area_id != area.pk:
        raise ValueError(f"reference {reference} belongs to another area")
    # On creation too: auto_now_add has set created_at to now, not the day it was received.
    changed = {field: value for field, value in values.items() if getattr(feedback, field) != value}
    if changed:
        Feedback.objects.filter(pk=feedback.pk).update(**changed)
        if not created:
            counts["feedback updated"] += 1
    _set_links(feedback, area, spec, themes)


def _set_links(feedback: Feedback, area: Area, spec: Spec, themes: dict[str, Theme]) -> None:
    """Set the item's themes, priorities and actions (``set`` adds or removes only the
    differences, so a second load writes nothing)."""
    feedback.themes.set([themes[name] for name in spec.get("themes", [])])
    approved = Priority.objects.in_area(area).filter(plan__status=PlanStatus.APPROVED)
    priorities = []
    for number in spec.get("priorities", []):
        priority = approved.filter(number=number).order_by("plan__starts_on").first()
        if priority is None:
            raise ValueError(f"no priority {number} in an approved plan (load the plans first)")
        priorities.append(priority)
    actions = []
    for number, title in spec.get("actions", []):
        action = (
            Action.objects.in_area(area)
            .filter(priority__in=approved, priority__number=number, title__startswith=title)
            .order_by("pk")
            .first()
        )
        if action is None:
            raise ValueError(f"no action of priority {number} starting {title!r}")
        actions.append(action)
        priorities.append(action.priority)
    feedback.linked_priorities.set(set(priorities))
    feedback.linked_actions.set(actions)
