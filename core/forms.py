"""GOV.UK Design System form rendering, through Django's own form renderer.

Every form in the portal renders with ``core/templates/govuk/forms/*.html``:
label, hint (``<id>_helptext``), error message (``<id>_error``), the
``govuk-form-group--error`` wrapper, and widgets with GOV.UK classes. The
error summary (``govuk/error_summary.html``) links each message to its field.
"""

from __future__ import annotations

import uuid
from datetime import date

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

from core.models import Board, Organisation, Role

#: GOV.UK class for each Django widget type (``BoundField.widget_type``).
WIDGET_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "radioselect": "govuk-radios__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "checkbox": "govuk-checkboxes__input",
    "file": "govuk-file-upload",
    "clearablefile": "govuk-file-upload",
    "govukdate": "",  # each box has its own classes (GovukDateWidget)
}
#: Widgets whose GOV.UK class has an ``--error`` modifier.
ERROR_MODIFIED = {"govuk-input", "govuk-textarea", "govuk-select", "govuk-file-upload"}


class GovukBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        govuk_class = WIDGET_CLASSES.get(self.widget_type, "govuk-input")
        classes = [govuk_class] if govuk_class else []
        if self.errors and govuk_class in ERROR_MODIFIED:
            classes.append(f"{govuk_class}--error")
        if extra := widget.attrs.get("class"):
            classes.append(extra)
        if classes:
            attrs["class"] = " ".join(classes)
        return attrs

    @property
    def anchor_id(self) -> str:
        """The id the error summary links to: the field, or its first option."""
        if self.field.widget.use_fieldset and self.auto_id:
            return f"{self.auto_id}_0"
        return self.id_for_label

    @property
    def fieldset_describedby(self) -> str:
        """``aria-describedby`` for a fieldset (Django leaves it off fieldset widgets)."""
        ids = []
        if self.help_text:
            ids.append(f"{self.auto_id}_helptext")
        if self.errors:
            ids.append(f"{self.auto_id}_error")
        return " ".join(ids)


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField


class GovukForm(forms.Form):
    """Base for plain forms: GOV.UK rendering, no browser validation (server-side only)."""

    use_required_attribute = False


class GovukModelForm(forms.ModelForm):
    use_required_attribute = False

    def model_data(self) -> dict:
        """The cleaned values of the model's own fields (not tokens or versions)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radios never offer Django's "---------" blank choice: GOV.UK radios start unselected.
        # A blank choice with a real label (e.g. "Use the suggested rating") stays.
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                # Never freeze a model field's choices: they follow the queryset the form sets
                # after this (scoped to the area). Frozen here, they listed every area's rows.
                if field.empty_label == "---------":
                    radios = isinstance(field.widget, forms.RadioSelect)
                    field.empty_label = None if radios else "None"
                continue
            if isinstance(field.widget, forms.RadioSelect) and hasattr(field, "choices"):
                field.choices = [c for c in field.choices if c != ("", "---------")]
            elif getattr(field, "empty_label", None) == "---------":
                field.empty_label = "None"


class OrganisationForm(GovukModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "is_active"]
        labels = {
            "short_name": "Short name (optional)",
            "kind": "Type of organisation",
            "is_active": "This organisation still exists",
        }
        help_texts = {
            "short_name": "For example, NCC or HNY ICB",
            "is_active": (
                "Clear this for organisations that have closed, such as CCGs after July 2022"
            ),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "short_name": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        }
        error_messages = {
            "name": {"required": "Enter the organisation's name"},
            "kind": {"required": "Select the type of organisation"},
        }


class BoardForm(GovukModelForm):
    class Meta:
        model = Board
        fields = ["name", "kind", "purpose", "accountable_to"]
        labels = {
            "kind": "Type of board or group",
            "purpose": "Purpose (optional)",
            "accountable_to": "Reports to (optional)",
        }
        help_texts = {"purpose": "What the board or group decides, oversees or delivers"}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "name": {"required": "Enter the name of the board or group"},
            "kind": {"required": "Select the type of board or group"},
        }

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        boards = Board.objects.in_area(area)
        if self.instance.pk:
            boards = boards.exclude(pk=self.instance.pk)
        self.fields["accountable_to"].queryset = boards
        self.fields["accountable_to"].empty_label = "Does not report to another board"


class PersonRoleForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text=(
            "They sign in with this. If they have no account yet, "
            "we email them a link to set a password."
        ),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name"}
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not set",
        help_text="The organisation they act for in this role",
    )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.in_area(area).filter(
            is_active=True
        )

    def clean_email(self) -> str:
        # Stored lower-cased; some letters grow when lower-cased ("İ" becomes 2 characters).
        email = self.cleaned_data["email"].strip().lower()
        if len(email) > self.fields["email"].max_length:
            raise forms.ValidationError("Email address must be 254 characters or fewer")
        return email


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes in a fieldset."""

    template_name = "govuk/forms/date_input.html"
    use_fieldset = True
    PARTS = (("Day", "govuk-input--width-2"), ("Month", "govuk-input--width-2"),
             ("Year", "govuk-input--width-4"))  # fmt: skip

    def __init__(self, attrs=None):
        widgets = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in self.PARTS]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        invalid = context["widget"]["attrs"].get("aria-invalid") == "true"
        for sub, (label, width) in zip(context["widget"]["subwidgets"], self.PARTS, strict=True):
            sub["label"] = label
            classes = ["govuk-input", "govuk-date-input__input", width]
            if invalid:
                classes.append("govuk-input--error")
            sub["attrs"]["class"] = " ".join(classes)
            sub["attrs"].pop("aria-invalid", None)
            sub["attrs"].pop("aria-describedby", None)
        return context


class GovukDateField(forms.Field):
    """A date typed as day, month and year, checked with GOV.UK's error messages."""

    widget = GovukDateWidget

    def to_python(self, value):
        day, month, year = [str(part or "").strip() for part in (value or ["", "", ""])]
        if not (day or month or year):
            return None
        missing = [name for name, part in (("day", day), ("month", month), ("year", year))
                   if not part]  # fmt: skip
        if missing:
            raise forms.ValidationError(f"{self.label} must include a {' and a '.join(missing)}")
        try:
            if len(year) != 4:
                raise ValueError
            return date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self.label} must be a real date") from None


class MoneyField(forms.DecimalField):
    """Pounds, typed as people type them: "£12,500", "1250.5", "12500"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        attrs = {"inputmode": "decimal", "class": "govuk-input--width-10"}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)
        label = kwargs.get("label") or "The amount"
        message = f"{label} must be an amount of money, like 12,500 or 1250.50"
        self.error_messages.update(
            invalid=message,
            max_decimal_places=f"{label} must not have more than 2 decimal places (pence)",
            max_digits=f"{label} must be less than £1,000,000,000,000",
            max_whole_digits=f"{label} must be less than £1,000,000,000,000",
            min_value=f"{label} must be 0 or more",
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)


class OnceOnlyMixin(forms.Form):
    """A hidden one-time token on a create form (see core.models.SubmissionToken)."""

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission"] = uuid.uuid4()
