"""Reads for moderation and the golden thread. Each takes the requester's ``AreaAccess``.

Who reads what (docs/adr/0013, "Moderation"):

- The queue, an item's page and the exports: the area's commissioners and area admins.
- The answers of an item flagged for safeguarding: the area's admins only; commissioners
  see that it exists (reference, date, status), never what it says.
- Contact details: the area's admins only (the item's page and the export with contacts).
- Counts by theme over time: also the area's board members (numbers, no text).
- Feedback linked to a priority or an action: moderators see every linked item; everyone
  else (board and forum members, the public) only the published ones.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from commissioning.models import Action, PlanStatus, Priority, Service
from coproduction.models import Feedback, FeedbackContact, FeedbackStatus, Theme, ThemeKind
from coproduction.moderation import MODERATORS
from coproduction.public_presenters import status_words
from coproduction.public_selectors import PUBLIC_FIELDS
from core.access import STAFF_ROLES, AreaAccess

#: What replaces the answers of a safeguarding item for those who may not read them.
WITHHELD = "Withheld: flagged for safeguarding (area admins only)"


def may_moderate(access: AreaAccess) -> bool:
    return access.has_any(MODERATORS)


def may_read_safeguarding(access: AreaAccess) -> bool:
    return access.is_area_admin


def may_read_contacts(access: AreaAccess) -> bool:
    return access.is_area_admin


def may_read_answers(access: AreaAccess, feedback: Feedback) -> bool:
    return may_moderate(access) and (not feedback.is_safeguarding or access.is_area_admin)


# --- The queue ------------------------------------------------------------------------------


def feedback_to_moderate(*, access: AreaAccess) -> QuerySet[Feedback]:
    """The area's feedback for its moderators (none for anyone else), new items first."""
    if not may_moderate(access):
        return Feedback.objects.none()
    return (
        Feedback.objects.for_access(access)
        .annotate(
            is_new=Case(
                When(status=FeedbackStatus.RECEIVED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("is_new", "-created_at", "-pk")
    )


def queue_page_rows(rows: QuerySet[Feedback]) -> QuerySet[Feedback]:
    """What the queue's table shows of each row, in a fixed number of queries."""
    return rows.prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))


def status_counts(*, access: AreaAccess) -> dict:
    """How many of the area's items are at each status, flagged and published (one query)."""
    if not may_moderate(access):
        return {"total": 0, "statuses": [], "safeguarding": 0, "published": 0}
    aggregates = {
        status.value: Count("pk", filter=Q(status=status.value)) for status in FeedbackStatus
    }
    counts = Feedback.objects.for_access(access).aggregate(
        total=Count("pk"),
        safeguarding=Count("pk", filter=Q(is_safeguarding=True)),
        published=Count("pk", filter=Q(published_at__isnull=False)),
        **aggregates,
    )
    return {
        "total": counts["total"],
        "statuses": [(status, counts[status.value]) for status in FeedbackStatus],
        "safeguarding": counts["safeguarding"],
        "published": counts["published"],
    }


# --- One item -------------------------------------------------------------------------------


def feedback_item(*, access: AreaAccess, pk: int) -> Feedback:
    """An item of the area with its themes and links (``DoesNotExist`` for anyone else)."""
    return (
        feedback_to_moderate(access=access)
        .select_related("area", "about_priority__plan", "about_service", "published_by")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("kind", "order", "name")),
            Prefetch("linked_priorities", queryset=Priority.objects.select_related("plan")),
            Prefetch("linked_actions", queryset=Action.objects.select_related("priority")),
            "linked_services",
        )
        .get(pk=pk)
    )


def contact_of(*, access: AreaAccess, feedback: Feedback) -> FeedbackContact | None:
    """The item's contact details, for the area's admins only."""
    if not may_read_contacts(access):
        return None
    return FeedbackContact.objects.for_access(access).filter(feedback=feedback).first()


def themes(*, access: AreaAccess) -> QuerySet[Theme]:
    return Theme.objects.for_access(access).order_by("kind", "order", "name")


def themes_with_use(*, access: AreaAccess) -> QuerySet[Theme]:
    """The area's themes, each with ``used``: how many feedback items carry it."""
    return themes(access=access).annotate(used=Count("feedback"))


def theme(*, access: AreaAccess, pk: int) -> Theme:
    return Theme.objects.for_access(access).select_related("area").get(pk=pk)


def has_charter_values(*, access: AreaAccess) -> bool:
    return Theme.objects.for_access(access).filter(kind=ThemeKind.CHARTER_VALUE).exists()


def priorities_to_link(*, access: AreaAccess) -> QuerySet[Priority]:
    """Priorities of the area's current plans (draft or approved, not superseded)."""
    return (
        Priority.objects.for_access(access)
        .exclude(plan__status=PlanStatus.SUPERSEDED)
        .select_related("plan")
        .order_by("plan__title", "number")
    )


def actions_to_link(*, access: AreaAccess) -> QuerySet[Action]:
    return (
        Action.objects.for_access(access)
        .exclude(priority__plan__status=PlanStatus.SUPERSEDED)
        .select_related("priority__plan")
        .order_by("priority__plan__title", "priority__number", "order", "pk")
    )


def services_to_link(*, access: AreaAccess) -> QuerySet[Service]:
    return Service.objects.for_access(access).order_by("name")


# --- Exports -------------------------------------------------------------------------------

EXPORT_HEADERS = [
    "Reference", "Received", "Who is speaking", "Form", "How it feels", "About priority",
    "About service", "What is working", "What is not working",
    "What is important for the future", "Anything else", "Consent to publish", "Status",
    "Why it is not possible", "Themes", "Linked priorities", "Linked actions",
    "Linked services", "What we publish", "What we did", "Responded", "Published",
    "Safeguarding concern",
]  # fmt: skip
CONTACT_HEADERS = ["Contact name", "Contact email", "Contact phone", "Why we may contact them"]
ANSWERS = ("working", "not_working", "future", "anything_else")


def _names(rows) -> str:
    return "; ".join(str(row) for row in rows)


def export_rows(
    *, access: AreaAccess, rows: QuerySet[Feedback], with_contacts: bool
) -> tuple[list[str], list[list]]:
    """The filtered items as a table: no contact details unless asked for by an area admin.

    Answers of safeguarding items are withheld from those who may not read them. A fixed
    number of queries, whatever the rows.
    """
    if with_contacts and not may_read_contacts(access):
        raise PermissionError("Only area admins may export contact details")
    rows = rows.select_related("about_priority", "about_service").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name")),
        Prefetch("linked_priorities", queryset=Priority.objects.select_related("plan")),
        "linked_actions",
        "linked_services",
    )
    if with_contacts:
        rows = rows.select_related("contact")
    headers = EXPORT_HEADERS + (CONTACT_HEADERS if with_contacts else [])
    table = []
    for item in rows:
        readable = may_read_answers(access, item)
        answers = [getattr(item, name) if readable else WITHHELD for name in ANSWERS]
        row = [
            item.reference,
            timezone.localtime(item.created_at).replace(tzinfo=None),
            item.get_speaker_display(),
            item.get_channel_display(),
            item.get_feeling_display() if item.feeling else "",
            str(item.about_priority) if item.about_priority else "",
            str(item.about_service) if item.about_service else "",
            *answers,
            item.get_consent_display(),
            item.get_status_display(),
            item.not_possible_reason if readable else "",
            _names(item.themes.all()),
            _names(item.linked_priorities.all()),
            _names(item.linked_actions.all()),
            _names(item.linked_services.all()),
            item.public_text if readable else "",
            item.response,
            _naive(item.responded_at),
            _naive(item.published_at),
            "Yes" if item.is_safeguarding else "No",
        ]
        if with_contacts:
            contact = getattr(item, "contact", None)
            row += (
                [contact.name, contact.email, contact.phone, contact.get_purpose_display()]
                if contact
                else ["", "", "", ""]
            )
        table.append(row)
    return headers, table


def _naive(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


# --- Counts by theme over time -----------------------------------------------------------

PERIODS = {"month": 12, "quarter": 8}


def _period_start(day: dt.date, period: str) -> dt.date:
    if period == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, day.month, 1)


def _step_back(start: dt.date, period: str) -> dt.date:
    months = 3 if period == "quarter" else 1
    month = start.month - months
    year = start.year
    while month < 1:
        month += 12
        year -= 1
    return dt.date(year, month, 1)


def period_starts(*, period: str, today: dt.date) -> list[dt.date]:
    """The first days of the last 12 months or 8 quarters, oldest first, ending with today's."""
    starts = [_period_start(today, period)]
    for _ in range(PERIODS[period] - 1):
        starts.append(_step_back(starts[-1], period))
    return starts[::-1]


def period_label(start: dt.date, period: str) -> str:
    if period == "quarter":
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    return start.strftime("%b %Y")


def theme_counts(
    *, access: AreaAccess, period: str, today: dt.date | None = None
) -> tuple[list[dt.date], dict[str, list[int]], int]:
    """Items received per theme in each period: (period starts, {theme: counts}, untagged).

    For the area's staff (commissioners, board members, admins): every item counts, flagged
    ones included, since only numbers are shown. An item with two themes counts under both.
    One query for the themes' counts and one for the items with no theme.
    """
    if period not in PERIODS:
        raise ValueError(f"Unknown period {period!r}")
    starts = period_starts(period=period, today=today or timezone.localdate())
    if not access.has_any(STAFF_ROLES):
        return starts, {}, 0
    trunc = TruncQuarter if period == "quarter" else TruncMonth
    since = dt.datetime.combine(starts[0], dt.time.min, tzinfo=timezone.get_current_timezone())
    items = Feedback.objects.in_area(access.area).filter(created_at__gte=since)
    through = Feedback.themes.through.objects.filter(feedback__in=items)
    counted = (
        through.annotate(start=trunc("feedback__created_at"))
        .values("theme__name", "start")
        .annotate(n=Count("feedback_id"))
        .order_by()
    )
    index = {start: i for i, start in enumerate(starts)}
    series: dict[str, list[int]] = defaultdict(lambda: [0] * len(starts))
    for row in counted:
        position = index.get(_as_date(row["start"]))
        if position is not None:
            series[row["theme__name"]][position] += row["n"]
    untagged = items.filter(themes__isnull=True).count()
    return starts, dict(series), untagged


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


# --- The golden thread ----------------------------------------------------------------------


def _linked(access: AreaAccess, through_filter: dict, key: str) -> dict[int, list[Feedback]]:
    """Moderators get every linked item; everyone else the published ones, read with only
    the public columns (``public_selectors.PUBLIC_FIELDS``: no answers, no reference) and
    each given ``words``, how its status reads in public."""
    moderator = may_moderate(access)
    visible = Feedback.objects.for_access(access)
    if not moderator:
        visible = visible.published()
    through_model = {
        "priority_id": Feedback.linked_priorities.through,
        "action_id": Feedback.linked_actions.through,
    }[key]
    links = (
        through_model.objects.filter(feedback__in=visible, **through_filter)
        .select_related("feedback")
        .prefetch_related(
            Prefetch("feedback__themes", queryset=Theme.objects.order_by("kind", "order", "name"))
        )
        .order_by("-feedback__created_at", "-feedback__pk")
    )
    if not moderator:
        public = [f"feedback__{'id' if name == 'pk' else name}" for name in PUBLIC_FIELDS]
        links = links.only(key, "feedback", *public)
    grouped: dict[int, list[Feedback]] = defaultdict(list)
    for link in links:
        if not moderator:
            link.feedback.words = status_words(link.feedback.status)
        grouped[getattr(link, key)].append(link.feedback)
    return dict(grouped)


def feedback_for_priorities(*, access: AreaAccess, priority_ids) -> dict[int, list[Feedback]]:
    """Feedback linked to each of the priorities, newest first, in two queries."""
    return _linked(access, {"priority_id__in": list(priority_ids)}, "priority_id")


def feedback_for_action(*, access: AreaAccess, action_id: int) -> list[Feedback]:
    return _linked(access, {"action_id": action_id}, "action_id").get(action_id, [])
