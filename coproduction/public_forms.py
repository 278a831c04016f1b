"""The filters of "you said, we did" (a GET form: works without JavaScript, links can be shared)."""

from __future__ import annotations

from django import forms

from coproduction.models import FeedbackStatus, Theme
from coproduction.public_presenters import STATUS_WORDS
from core.forms import GovukForm


class PublicFilterForm(GovukForm):
    theme = forms.TypedChoiceField(
        label="Theme", required=False, coerce=int, empty_value=None, widget=forms.Select
    )
    status = forms.ChoiceField(label="Status", required=False)

    def __init__(self, data=None, *, themes: list[Theme], easy: bool = False, **kwargs):
        super().__init__(data, **kwargs)
        self.themes = {theme.pk: theme for theme in themes}
        theme_field, status_field = self.fields["theme"], self.fields["status"]
        theme_field.choices = [("", "Any theme" if not easy else "All topics")] + [
            (str(theme.pk), theme.name) for theme in themes
        ]
        theme_field.error_messages["invalid_choice"] = (
            "Choose a theme from the list" if not easy else "Pick a topic from the list"
        )
        if easy:
            theme_field.label = "Topic"
            status_field.label = "What we have done"
            status_field.choices = [("", "Everything")] + [
                (status.value, STATUS_WORDS[status].easy) for status in FeedbackStatus
            ]
            status_field.error_messages["invalid_choice"] = "Pick from the list"
        else:
            status_field.choices = [("", "Any status"), *FeedbackStatus.choices]
            status_field.error_messages["invalid_choice"] = "Choose a status from the list"

    def chosen(self) -> tuple[Theme | None, str]:
        """The theme and status to filter by; none when the form is unbound or wrong."""
        if not self.is_bound or not self.is_valid():
            return None, ""
        theme = self.cleaned_data["theme"]
        return self.themes.get(theme) if theme is not None else None, self.cleaned_data["status"]
