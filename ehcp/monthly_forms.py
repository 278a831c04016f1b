"""The form for a month's hand-entered figures: one optional field per measure."""

from __future__ import annotations

from django import forms

from core.forms import GovukForm
from ehcp.monthly import MONTHLY_MEASURES


class MonthlyFiguresForm(GovukForm):
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for measure in MONTHLY_MEASURES:
            days = measure.unit == "days"
            self.fields[measure.key] = forms.DecimalField(
                label=measure.label,
                help_text=measure.methodology,
                required=False,
                min_value=0,
                max_value=999999,
                max_digits=7,
                decimal_places=1 if days else 0,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}
                ),
                error_messages={
                    "invalid": f"{measure.label} must be a number{' of days' if days else ''}",
                    "min_value": f"{measure.label} cannot be less than 0",
                    "max_value": f"{measure.label} must be 999,999 or fewer",
                    "max_digits": f"{measure.label} must be 999,999 or fewer",
                    "max_whole_digits": f"{measure.label} must be 999,999 or fewer",
                    "max_decimal_places": (
                        f"{measure.label} can have one decimal place"
                        if days
                        else f"{measure.label} must be a whole number"
                    ),
                },
            )

    def values(self) -> dict:
        return {m.key: self.cleaned_data.get(m.key) for m in MONTHLY_MEASURES}
