"""The GOV.UK date input: parts, GOV.UK error messages, markup."""

from datetime import date

import pytest

from core.forms import GovukDateField, GovukForm


class DueForm(GovukForm):
    due_on = GovukDateField(label="Due date")


def errors_for(day, month, year):
    form = DueForm({"due_on_0": day, "due_on_1": month, "due_on_2": year})
    return form.is_valid(), form.errors.get("due_on"), form


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "This field is required."),
        (("", "3", "2024"), "Due date must include a day"),
        (("1", "", ""), "Due date must include a month and a year"),
        (("31", "2", "2024"), "Due date must be a real date"),
        (("1", "13", "2024"), "Due date must be a real date"),
        (("1", "1", "24"), "Due date must be a real date"),
        (("x", "1", "2024"), "Due date must be a real date"),
        (("\x00", "1", "2024"), "Due date must be a real date"),
    ],
)
def test_errors(parts, message):
    valid, errors, _ = errors_for(*parts)
    assert not valid
    assert errors == [message]


def test_valid_date_and_redisplay():
    valid, _, form = errors_for(" 7", "03", "2025")
    assert valid
    assert form.cleaned_data["due_on"] == date(2025, 3, 7)


def test_markup_is_a_fieldset_with_three_labelled_boxes():
    _, _, form = errors_for("31", "2", "2024")
    html = str(form)
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_due_on_error">' in html
    assert '<div class="govuk-date-input" id="id_due_on">' in html
    for n, label in enumerate(["Day", "Month", "Year"]):
        label_tag = f'<label class="govuk-label govuk-date-input__label" for="id_due_on_{n}">'
        assert f"{label_tag}{label}</label>" in html
    assert (
        'class="govuk-input govuk-date-input__input govuk-input--width-4 govuk-input--error"'
        in html
    )
    assert 'value="31"' in html  # what was typed is kept
    assert form["due_on"].anchor_id == "id_due_on_0"
