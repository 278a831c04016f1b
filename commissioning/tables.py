"""The action list as a django-tables2 table (rendered with GOV.UK markup)."""

from __future__ import annotations

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html


class ActionTable(tables.Table):
    priority = tables.Column(accessor="priority__number", verbose_name="Priority")
    title = tables.Column(verbose_name="Action")
    owner = tables.Column(default="–")
    due_on = tables.DateColumn(format="j M Y", verbose_name="Due", default="–")
    status = tables.Column(accessor="get_status_display", order_by="status")
    progress = tables.Column(verbose_name="Progress (%)", attrs={"cell": {"class": "numeric"}})
    rag = tables.Column(verbose_name="RAG", accessor="rag", order_by="rag_rank")

    class Meta:
        template_name = "govuk/table.html"
        orderable = True
        empty_text = "No actions match these filters."
        fields = ["priority", "title", "owner", "due_on", "status", "progress", "rag"]

    def __init__(self, *args, area, caption, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.caption = caption

    def render_title(self, record, value):
        url = reverse("commissioning:action", kwargs={"area": self.area.slug, "pk": record.pk})
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, value[:140])

    def render_rag(self, value):
        return render_to_string("includes/rag_tag.html", {"rag": value})
