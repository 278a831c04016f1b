"""The SEN2 person-level extract upload form.

Size: an upload (the zip, or all the CSV files together) may be at most
``settings.NEEDS_MAX_UPLOAD_BYTES`` (``PORTAL_MAX_UPLOAD_BYTES``, 50 MB unless set:
the one upload limit of the portal), checked on the files' sizes before a byte is
parsed (QUALITY.md S10); a zip may expand to ``NEEDS_MAX_UNCOMPRESSED_BYTES``
(``PORTAL_MAX_UNCOMPRESSED_BYTES``). A large authority's five-year extract is
about 5 MB zipped, 30 MB as CSV.
"""

from __future__ import annotations

from django import forms
from django.conf import settings

from core.forms import GovukDateField, GovukForm, OnceOnlyMixin


class FileInput(forms.FileInput):
    """The GOV.UK file upload, choosing several files at once (named so it renders as one)."""

    allow_multiple_selected = True


class FilesField(forms.FileField):
    """One or more files; cleans to a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", FileInput(attrs={"accept": ".zip,.csv"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if not data:
            return [single(None, initial)]  # "required"
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(OnceOnlyMixin, GovukForm):
    files = FilesField(
        label="Upload the extract",
        help_text=(
            "The zip file your case management system exports for the SEN2 return, or its "
            "CSV files (person.csv, requests.csv, assessment.csv, named_plan.csv, "
            "active_plans.csv, sen_need.csv and advice.csv) chosen together"
        ),
        error_messages={
            "required": "Select the extract's zip file or its CSV files",
            "empty": "The file is empty",
        },
    )
    extract_date = GovukDateField(
        label="Date the extract was taken (optional)",
        help_text=(
            "For example, 31 1 2025. Leave blank to use the date in header.csv or, "
            "without one, the latest date in the extract"
        ),
        required=False,
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit = settings.NEEDS_MAX_UPLOAD_BYTES
        # Checked before a byte is parsed (QUALITY.md S10).
        if sum(f.size for f in files) > limit:
            several = "s must be smaller than" if len(files) > 1 else " must be smaller than"
            together = " together" if len(files) > 1 else ""
            raise forms.ValidationError(
                f"The file{several} {limit // 2**20} MB{together}", code="too_big"
            )
        names = [f.name.lower() for f in files]
        if not all(n.endswith((".zip", ".csv")) for n in names):
            raise forms.ValidationError("The files must be a zip file or CSV files", code="type")
        if len(files) > 1 and any(n.endswith(".zip") for n in names):
            raise forms.ValidationError(
                "Upload one zip file, or the CSV files without a zip", code="mixed"
            )
        return files
