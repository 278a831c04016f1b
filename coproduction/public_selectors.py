"""Reads for "you said, we did" (public) and for people's own feedback.

What anyone may read is ``FeedbackQuerySet.published()`` and nothing else: published, with
consent, never a safeguarding item. The rows are read with ``only()`` the public fields, so
the raw answers, who sent them and contact details are never even loaded for a public page.
Each function takes the requester's ``AreaAccess``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from commissioning.models import Action, Priority
from coproduction.models import Feedback, FeedbackStatus, Theme
from coproduction.suppression import PublicRow, protected_row, public_row
from core.access import AreaAccess

#: The only columns a public page reads.
PUBLIC_FIELDS = ("pk", "area_id", "status", "public_text", "response", "published_at")
#: What a person's own list shows (their words are read on the item's page only).
OWN_LIST_FIELDS = ("pk", "area_id", "reference", "status", "created_at", "published_at", "channel")


def _published(access: AreaAccess) -> QuerySet[Feedback]:
    return Feedback.objects.for_access(access).published()


def public_themes(*, access: AreaAccess) -> QuerySet[Theme]:
    """The area's themes and charter values, in the area's order (for filters and counts)."""
    return Theme.objects.for_access(access).only("pk", "name", "kind", "order")


def _with_themes(rows: QuerySet[Feedback], access: AreaAccess) -> QuerySet[Feedback]:
    return rows.prefetch_related(
        Prefetch("themes", queryset=public_themes(access=access), to_attr="public_themes")
    )


def published_feedback(
    *, access: AreaAccess, theme: Theme | None = None, status: str = ""
) -> QuerySet[Feedback]:
    """Published feedback of the area, newest first, optionally of one theme and status."""
    rows = _published(access)
    if theme is not None:
        rows = rows.filter(themes=theme)
    if status:
        rows = rows.filter(status=status)
    rows = rows.only(*PUBLIC_FIELDS).order_by("-published_at", "-pk")
    return _with_themes(rows, access)


def published_item(*, access: AreaAccess, pk: int) -> Feedback:
    """One published item (``Feedback.DoesNotExist`` when it is not published in the area)."""
    return _with_themes(_published(access).only(*PUBLIC_FIELDS), access).get(pk=pk)


def actions_taken(*, access: AreaAccess, feedback: Feedback) -> QuerySet[Action]:
    """The actions linked to ``feedback`` that the requester may read (the public: approved
    plans only), with their priority."""
    return (
        Action.objects.for_access(access)
        .filter(linked_feedback=feedback)
        .select_related("priority")
        .order_by("priority__number", "order", "pk")
    )


def priorities_linked(*, access: AreaAccess, feedback: Feedback) -> QuerySet[Priority]:
    return (
        Priority.objects.for_access(access)
        .filter(linked_feedback=feedback)
        .select_related("plan")
        .order_by("plan__title", "number")
    )


# --- Counts by theme and status, small numbers suppressed --------------------------------------


@dataclass(frozen=True)
class CountsTable:
    caption: str
    first_header: str
    labels: list[str]
    row: PublicRow  # cells in the order of labels, and the total

    @property
    def rows(self) -> list[tuple[str, int | str]]:
        return list(zip(self.labels, self.row.cells, strict=True))


@dataclass(frozen=True)
class PublicCounts:
    by_theme: CountsTable
    by_status: CountsTable

    def csv_rows(self) -> list[list]:
        """One row per cell: table, label, count (``c`` when suppressed)."""
        out: list[list] = []
        for table in (self.by_theme, self.by_status):
            out += [[table.caption, label, cell] for label, cell in table.rows]
            out.append([table.caption, "Total", table.row.total])
        return out


NO_THEME = "No theme yet"


def public_counts(*, access: AreaAccess) -> PublicCounts:
    """Counts of all the area's published feedback (never the filtered list: filters would let
    one count be worked out from two), by theme and by status, fit to publish."""
    published = _published(access)
    published_pks = published.values("pk")
    themes = list(
        public_themes(access=access).annotate(
            items=Count("feedback", filter=Q(feedback__in=published_pks), distinct=True)
        )
    )
    totals = published.order_by().aggregate(
        total=Count("pk", distinct=True),
        no_theme=Count("pk", filter=Q(themes__isnull=True), distinct=True),
    )
    by_status = dict(
        published.order_by().values_list("status").annotate(items=Count("pk", distinct=True))
    )
    theme_row = protected_row(
        [theme.items for theme in themes] + [totals["no_theme"]], total=totals["total"]
    )
    status_row = public_row([by_status.get(status, 0) for status in FeedbackStatus.values])
    return PublicCounts(
        by_theme=CountsTable(
            "Published feedback by theme",
            "Theme",
            [theme.name for theme in themes] + [NO_THEME],
            theme_row,
        ),
        by_status=CountsTable(
            "Published feedback by status",
            "Status",
            list(FeedbackStatus.labels),
            status_row,
        ),
    )


# --- A person's own feedback ---------------------------------------------------------------


def own_feedback(*, access: AreaAccess, user) -> QuerySet[Feedback]:
    """What ``user`` sent in this area, newest first: nobody else's (none when signed out)."""
    return (
        Feedback.objects.in_area(access.area)
        .submitted_by(user)
        .only(*OWN_LIST_FIELDS)
        .order_by("-created_at", "-pk")
    )


def own_item(*, access: AreaAccess, user, pk: int) -> Feedback:
    """One of ``user``'s own items in the area (``Feedback.DoesNotExist`` otherwise)."""
    return _with_themes(
        Feedback.objects.in_area(access.area)
        .submitted_by(user)
        .select_related("about_priority", "about_service"),
        access,
    ).get(pk=pk)
