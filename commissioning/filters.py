"""Filters of the action list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone

from commissioning.models import Action, ActionStatus, Rag


class ActionFilter(django_filters.FilterSet):
    priority = django_filters.ModelChoiceFilter(
        queryset=None, empty_label="All priorities", label="Priority"
    )
    owner = django_filters.CharFilter(lookup_expr="icontains", label="Owner contains")
    status = django_filters.ChoiceFilter(
        choices=ActionStatus.choices, empty_label="Any status", label="Status"
    )
    # RAG depends on today's date and the linked measure: applied by the selector, in Python.
    rag = django_filters.ChoiceFilter(
        choices=Rag.choices, empty_label="Any rating", label="RAG rating", method="keep_all"
    )
    overdue = django_filters.BooleanFilter(
        label="Overdue only", method="only_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Action
        fields = ["priority", "owner", "status", "rag", "overdue"]

    def __init__(self, data=None, queryset=None, *, plan, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["priority"].queryset = plan.priorities.order_by("number")
        self.form.use_required_attribute = False

    def keep_all(self, queryset, name, value):
        return queryset

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(due_on__lt=today).exclude(status=ActionStatus.COMPLETED)
