"""Forms of the needs app: an area's local indicators and its statistical neighbours."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms

from commissioning.forms import VersionedForm
from core.forms import GovukForm
from needs.models import Geography, LocalIndicator

#: how many statistical neighbours an area may choose
MAX_NEIGHBOURS = 15


class FlexibleDecimalField(forms.DecimalField):
    """A number typed as people type it: "1,234", " 12.5 ", "60%"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").removesuffix("%").strip()
        return super().to_python(value)


class LocalIndicatorForm(VersionedForm):
    """A local JSNA indicator; carries the version seen and a one-time token."""

    value = FlexibleDecimalField(
        label="Value",
        max_digits=14,
        decimal_places=2,
        help_text="A number, like 1,250 or 12.5",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the value",
            "invalid": "Value must be a number, like 1,250 or 12.5",
            "max_digits": "Value must be less than 1,000,000,000,000",
            "max_whole_digits": "Value must be less than 1,000,000,000,000",
            "max_decimal_places": "Value must not have more than 2 decimal places",
        },
    )

    class Meta:
        model = LocalIndicator
        fields = ["name", "value", "unit", "period", "source", "notes"]
        labels = {
            "name": "Name of the indicator",
            "unit": "What the value counts",
            "period": "Period",
            "source": "Source",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "name": "For example, children on the register of disabled children",
            "period": "The time the value covers, like 2024 to 2025 or January 2025",
            "source": "Who published it, or where it is kept",
            "notes": "How it is counted, or anything a reader should know. Up to 2,000 characters",
        }
        widgets = {
            "name": forms.TextInput,
            "unit": forms.RadioSelect,
            "period": forms.TextInput(attrs={"class": "govuk-input--width-20"}),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "name": {
                "required": "Enter the name of the indicator",
                "max_length": "Name must be 200 characters or fewer",
            },
            "unit": {"required": "Select what the value counts"},
            "period": {
                "required": "Enter the period the value covers",
                "max_length": "Period must be 40 characters or fewer",
            },
            "source": {
                "required": "Enter the source of the value",
                "max_length": "Source must be 300 characters or fewer",
            },
            "notes": {"max_length": "Notes must be 2,000 characters or fewer"},
        }


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class NeighboursForm(GovukForm):
    """Up to 15 local authorities, most similar first: one drop-down per place in the order.

    Numbered drop-downs keep the order the user means without JavaScript;
    each groups the current local authorities by region.
    """

    def __init__(self, *args, choices: Iterable[Geography], chosen: list[Geography], **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        self.geographies: dict[str, Geography] = {}
        for geography in choices:
            region = geography.region.name if geography.region_id else "Other"
            groups.setdefault(region, []).append((geography.code, geography.name))
            self.geographies[geography.code] = geography
        options = [("", "Not chosen"), *sorted(groups.items())]
        for number in range(1, MAX_NEIGHBOURS + 1):
            label = f"{_ordinal(number)} neighbour"
            if number == 1:
                label += " (the most similar)"
            self.fields[f"neighbour_{number}"] = forms.ChoiceField(
                label=label,
                choices=options,
                required=False,
                error_messages={
                    "invalid_choice": f"Choose a local authority from the list for the {label}"
                },
            )
        if not self.is_bound:
            for number, geography in enumerate(chosen[:MAX_NEIGHBOURS], start=1):
                if geography.code in self.geographies:
                    self.initial[f"neighbour_{number}"] = geography.code

    def clean(self):
        cleaned = super().clean()
        seen: dict[str, int] = {}
        for number in range(1, MAX_NEIGHBOURS + 1):
            code = cleaned.get(f"neighbour_{number}")
            if not code:
                continue
            if code in seen:
                name = self.geographies[code].name
                self.add_error(
                    f"neighbour_{number}",
                    f"{name} is already the {_ordinal(seen[code])} neighbour: "
                    "choose each local authority once",
                )
            else:
                seen[code] = number
        return cleaned

    def neighbours(self) -> list[Geography]:
        """The chosen local authorities in order, gaps closed."""
        codes = (self.cleaned_data.get(f"neighbour_{n}") for n in range(1, MAX_NEIGHBOURS + 1))
        return [self.geographies[code] for code in codes if code]
