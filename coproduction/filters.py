"""Filters of the moderation queue (django-filter); every choice is the area's own."""

from __future__ import annotations

import django_filters

from coproduction import moderation_selectors as selectors
from coproduction.models import Channel, Feedback, FeedbackStatus, Speaker
from core.access import AreaAccess
from core.forms import GovukDateField

YES_NO = [("yes", "Yes"), ("no", "No")]


class DateFilter(django_filters.Filter):
    """A day typed in the GOV.UK date input (day, month and year boxes)."""

    field_class = GovukDateField


class FeedbackFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=FeedbackStatus.choices, empty_label="Any status", label="Status"
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes", queryset=None, empty_label="Any theme", label="Theme"
    )
    speaker = django_filters.ChoiceFilter(
        choices=Speaker.choices, empty_label="Anyone", label="Who is speaking"
    )
    channel = django_filters.ChoiceFilter(
        choices=Channel.choices, empty_label="Either form", label="Form"
    )
    priority = django_filters.ModelChoiceFilter(
        field_name="linked_priorities",
        queryset=None,
        empty_label="Any priority",
        label="Linked to priority",
    )
    safeguarding = django_filters.ChoiceFilter(
        choices=YES_NO,
        empty_label="Either",
        label="Flagged for safeguarding",
        method="flagged",
    )
    published = django_filters.ChoiceFilter(
        choices=YES_NO, empty_label="Either", label="Published", method="is_published"
    )
    received_from = DateFilter(
        field_name="created_at",
        lookup_expr="date__gte",
        label="Received on or after",
        help_text="For example, 1 4 2026",
    )
    received_to = DateFilter(
        field_name="created_at",
        lookup_expr="date__lte",
        label="Received on or before",
        help_text="For example, 30 6 2026",
    )

    class Meta:
        model = Feedback
        fields = ["status", "theme", "speaker", "channel", "priority", "safeguarding",
                  "published", "received_from", "received_to"]  # fmt: skip

    def __init__(self, data=None, queryset=None, *, access: AreaAccess, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["theme"].queryset = selectors.themes(access=access)
        self.filters["priority"].queryset = selectors.priorities_to_link(access=access)
        self.form.use_required_attribute = False

    def flagged(self, queryset, name, value):
        return queryset.filter(is_safeguarding=value == "yes") if value else queryset

    def is_published(self, queryset, name, value):
        return queryset.filter(published_at__isnull=value != "yes") if value else queryset

    def filter_queryset(self, queryset):
        rows = super().filter_queryset(queryset)
        start, end = (self.form.cleaned_data.get(n) for n in ("received_from", "received_to"))
        if start and end and end < start:
            return rows.none()
        # Filtering on a many-to-many (theme, priority) joins once per match: one row each.
        return rows.distinct()
