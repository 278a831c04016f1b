"""The form for a target: which measure, what value, by when."""

from __future__ import annotations

from django import forms

from core.forms import GovukDateField, GovukModelForm
from ehcp.models import Target


class TargetForm(GovukModelForm):
    due = GovukDateField(label="By", help_text="For example, 31 12 2021")

    class Meta:
        model = Target
        fields = ["measure", "value", "due"]
        labels = {"measure": "Measure", "value": "Target (%)"}
        help_texts = {"value": "A percentage, like 60 or 90"}
        widgets = {
            "measure": forms.RadioSelect,
            "value": forms.TextInput(
                attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}
            ),
        }
        error_messages = {
            "measure": {"required": "Choose the measure"},
            "value": {
                "required": "Enter the target",
                "invalid": "Target must be a number, like 60",
                "max_digits": "Target must be 100 or less",
                "max_decimal_places": "Target can have one decimal place",
            },
        }

    def clean_value(self):
        value = self.cleaned_data["value"]
        if not 0 <= value <= 100:
            raise forms.ValidationError("Target must be between 0 and 100")
        return value
