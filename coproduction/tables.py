"""The moderation queue as a django-tables2 table (rendered with GOV.UK markup)."""

from __future__ import annotations

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from coproduction.models import Feedback
from coproduction.moderation_selectors import may_read_answers
from core.access import AreaAccess

SUMMARY_CHARS = 120


def summary(feedback: Feedback) -> str:
    """The first answer given, shortened: what the queue shows of an item."""
    for name in ("not_working", "working", "future", "anything_else"):
        text = " ".join(getattr(feedback, name).split())
        if text:
            return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"
    return ""


class FeedbackTable(tables.Table):
    reference = tables.Column(verbose_name="Feedback")
    said = tables.Column(accessor="pk", verbose_name="What they said", empty_values=())
    themes = tables.Column(accessor="pk", verbose_name="Themes", empty_values=())
    status = tables.Column(accessor="pk", verbose_name="Status", empty_values=())

    class Meta:
        template_name = "govuk/table.html"
        orderable = False
        empty_text = "No feedback matches these filters."
        fields = ["reference", "said", "themes", "status"]

    def __init__(self, *args, access: AreaAccess, caption: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        self.caption = caption

    def render_reference(self, record, value):
        """The reference (a link to the item), when it came and who spoke."""
        url = reverse(
            "coproduction:moderation-item", kwargs={"area": self.access.area.slug, "pk": record.pk}
        )
        return format_html(
            '<a class="govuk-link" href="{}">{}</a><br><span class="govuk-body-s">{}, {}</span>',
            url,
            value,
            date_format(timezone.localtime(record.created_at), "j M Y"),
            record.get_speaker_display().lower(),
        )

    def render_said(self, record):
        if not may_read_answers(self.access, record):
            return "Only area admins can read this"
        return summary(record)

    def render_themes(self, record):
        names = [theme.name for theme in record.themes.all()]
        return ", ".join(names) if names else "None yet"

    def render_status(self, record):
        return render_to_string(
            "coproduction/includes/status_tags.html", {"feedback": record, "stacked": True}
        )
