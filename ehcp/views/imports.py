"""An area's SEN2 case-data imports: the upload form with recent imports, and each result.

Commissioners and area admins of the area only: the extract is about children.
Board and forum members get 403, other areas' people 404 (``AreaAccessMixin``).
The import runs in the request (seconds, ``ehcp.importer``); the result page shows
what was added and updated, or every problem by module, row and field.
"""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import DetailView, FormView

from core import services as core_services
from core.access import AreaAccessMixin
from core.models import Role
from ehcp import services
from ehcp.forms import UploadForm
from ehcp.models import CaseImport, ImportStatus
from ehcp.sen2_format import MODULES

IMPORTERS = frozenset({Role.COMMISSIONER, Role.AREA_ADMIN})
RECENT = 20


class ImportListView(AreaAccessMixin, FormView):
    """Upload an extract (POST) below the area's recent imports."""

    template_name = "ehcp/imports.html"
    form_class = UploadForm
    allowed_roles = IMPORTERS
    http_method_names = ["get", "head", "post"]

    def get_context_data(self, **kwargs):
        kwargs["imports"] = (
            CaseImport.objects.for_access(self.access)
            .defer("summary", "errors")
            .order_by("-created_at", "-pk")[:RECENT]
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        token = form.cleaned_data.get("submission")
        files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
        with transaction.atomic():
            # The same form posted twice (a double click, a resent request) imports once;
            # the second post waits for the first and is shown its result.
            if token and not core_services.claim_submission(token=token, area=self.area):
                return redirect(core_services.submission_result(token=token))
            record = services.import_extract(
                area=self.area,
                files=files,
                user=self.request.user,
                extract_date=form.cleaned_data.get("extract_date"),
            )
            url = reverse("ehcp:import", kwargs={"area": self.area.slug, "pk": record.pk})
            if token:
                core_services.record_submission(token=token, url=url)
        return redirect(url)


class ImportDetailView(AreaAccessMixin, DetailView):
    """One import: what it added, updated and left alone, or why it was refused."""

    model = CaseImport
    template_name = "ehcp/import_detail.html"
    context_object_name = "case_import"
    allowed_roles = IMPORTERS
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        record = self.object
        kwargs["mine"] = record.created_by_id == self.request.user.pk
        kwargs["page_has_errors"] = record.status == ImportStatus.FAILED
        kwargs["tables"] = summary_tables(record.summary)
        read = record.summary.get("rows", {})
        kwargs["rows_read"] = [(m.file_name, read[n]) for n, m in MODULES.items() if n in read]
        return super().get_context_data(**kwargs)


#: (summary key, caption, rows: (count key, label))
SUMMARY = (
    (
        "requests",
        "Requests for an EHC needs assessment",
        (
            ("added", "Added"),
            ("updated", "Updated"),
            ("unchanged", "Unchanged"),
            ("absent", "Held already, not in this extract (kept)"),
        ),
    ),
    (
        "people",
        "Children and young people",
        (("added", "Added"), ("updated", "Updated"), ("unchanged", "Unchanged")),
    ),
    (
        "advice",
        "Professional advice",
        (
            ("added", "Added"),
            ("updated", "Updated"),
            ("unchanged", "Unchanged"),
            ("removed", "Removed (no longer in the extract)"),
        ),
    ),
)


def summary_tables(summary: dict) -> list[dict]:
    tables = []
    for key, caption, rows in SUMMARY:
        counts = summary.get(key)
        if counts:
            tables.append(
                {"caption": caption, "rows": [(label, counts.get(k, 0)) for k, label in rows]}
            )
    return tables


area = "areas/<slug:area>/ehcp/"
urlpatterns = [
    path(f"{area}imports/", ImportListView.as_view(), name="imports"),
    path(f"{area}imports/<int:pk>/", ImportDetailView.as_view(), name="import"),
]
