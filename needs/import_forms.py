"""The DfE open-data upload form."""

from __future__ import annotations

from django import forms
from django.conf import settings

from core.forms import GovukForm


class UploadForm(GovukForm):
    file = forms.FileField(
        label="Upload a file",
        help_text=(
            "The release zip file as downloaded from Explore education statistics "
            "(for example education-health-and-care-plans_2025.zip), or one CSV file from it"
        ),
        error_messages={"required": "Select a zip or CSV file", "empty": "The file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.csv"}),
    )
    release_year = forms.IntegerField(
        label="Reporting year of the release (optional)",
        help_text=(
            "Leave blank when the file name says it, as DfE's downloads do. For example, 2025"
        ),
        required=False,
        min_value=2010,
        max_value=2100,
        error_messages={
            "invalid": "Enter the reporting year as 4 digits, like 2025",
            "min_value": "Enter a reporting year from 2010 onwards",
            "max_value": "Enter a reporting year before 2100",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.NEEDS_MAX_UPLOAD_BYTES
        # Checked before a byte is parsed (QUALITY.md S10).
        if upload.size > limit:
            raise forms.ValidationError(
                f"{upload.name} is {upload.size / 2**20:.1f} MB. "
                f"The file must be smaller than {limit // 2**20} MB",
                code="too_big",
            )
        if not upload.name.lower().endswith((".zip", ".csv")):
            raise forms.ValidationError("The file must be a zip or CSV file", code="type")
        return upload
