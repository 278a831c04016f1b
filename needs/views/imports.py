"""Needs views: DfE open-data imports (upload, progress, outcome, consistency report).

DfE figures are national: an import belongs to no area. Commissioners and area
admins of any area may upload; they see every import, never who else uploaded.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import DetailView, FormView, ListView

from core.exports import download
from core.models import Role, RoleAssignment
from needs import selectors, services, tasks
from needs.import_forms import UploadForm
from needs.models import ConsistencyIssue, ImportJob

IMPORTERS = frozenset({Role.COMMISSIONER, Role.AREA_ADMIN})


class ImporterRequiredMixin(LoginRequiredMixin):
    """Signed in, with a commissioner or area admin role in some area."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not RoleAssignment.objects.filter(user=request.user, role__in=IMPORTERS).exists():
            raise PermissionDenied("Only commissioners and area admins import DfE data")
        return super().dispatch(request, *args, **kwargs)


class ImportListView(ImporterRequiredMixin, FormView):
    template_name = "needs/imports.html"
    form_class = UploadForm
    http_method_names = ["get", "head", "post"]

    def get_context_data(self, **kwargs):
        kwargs["jobs"] = selectors.recent_jobs()
        kwargs["files"] = selectors.imported_files()
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        job = services.create_job(
            name=upload.name,
            data=upload.read(),
            user=self.request.user,
            release_year=form.cleaned_data["release_year"],
        )
        transaction.on_commit(lambda: tasks.import_upload.enqueue(job.pk))
        return redirect("needs:import", pk=job.pk)


class ImportDetailView(ImporterRequiredMixin, DetailView):
    template_name = "needs/import_detail.html"
    context_object_name = "job"

    def get_queryset(self):
        return ImportJob.objects.defer("payload")

    def get_context_data(self, **kwargs):
        job = self.object
        kwargs["counts"] = selectors.issue_counts(job)
        # files known by their hash are skipped: only those that wrote figures were checked
        kwargs["checked"] = any(file.get("figures") for file in job.summary or ())
        kwargs["mine"] = job.created_by_id == self.request.user.pk
        return super().get_context_data(**kwargs)


class ImportStatusView(ImporterRequiredMixin, DetailView):
    """The job's progress as JSON, for the status page's script."""

    def get_queryset(self):
        return ImportJob.objects.only("status", "progress", "stage", "created_at", "heartbeat_at")

    def render_to_response(self, context):
        job = self.object
        return JsonResponse(
            {
                "status": job.status,
                "progress": job.progress,
                "stage": job.stage,
                "finished": job.finished,
                "stalled": job.stalled,
            }
        )


class ImportReportView(ImporterRequiredMixin, ListView):
    """The consistency report of one import: what does not add up, never "fixed"."""

    template_name = "needs/import_report.html"
    paginate_by = 50
    context_object_name = "issues"

    def get(self, request, *args, **kwargs):
        self.job = get_object_or_404(ImportJob.objects.defer("payload"), pk=kwargs["pk"])
        self.kind = request.GET.get("kind", ConsistencyIssue.Kind.DISCREPANCY)
        if self.kind not in ConsistencyIssue.Kind.values:
            self.kind = ConsistencyIssue.Kind.DISCREPANCY
        fmt = kwargs.get("fmt")
        if fmt is not None:
            if fmt not in {"csv", "xlsx"}:
                raise Http404("Download as .csv or .xlsx")
            return self.download(fmt)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.consistency_issues(self.job).filter(kind=self.kind)

    def get_context_data(self, **kwargs):
        kwargs.update(
            job=self.job,
            kind=self.kind,
            kinds=ConsistencyIssue.Kind,
            counts=selectors.issue_counts(self.job),
        )
        return super().get_context_data(**kwargs)

    def download(self, fmt):
        headers = [
            "Kind",
            "File",
            "Measure",
            "Period",
            "Breakdown",
            "Whole (code)",
            "Whole",
            "Parts",
            "Whole's total",
            "Parts' total",
            "Difference",
            "Parts not published",
        ]
        rows = (
            [
                i.get_kind_display(),
                i.file_name,
                i.measure,
                i.period,
                i.breakdown,
                i.parent_code,
                i.parent_name,
                i.children,
                i.parent_total,
                i.children_total,
                i.difference,
                i.unpublished_children,
            ]
            for i in selectors.consistency_issues(self.job)
        )
        return download(
            headers=headers, rows=rows, filename=f"consistency-report-{self.job.pk}", fmt=fmt
        )


urlpatterns = [
    path("needs/imports/", ImportListView.as_view(), name="imports"),
    path("needs/imports/<int:pk>/", ImportDetailView.as_view(), name="import"),
    path("needs/imports/<int:pk>/status.json", ImportStatusView.as_view(), name="import-status"),
    path("needs/imports/<int:pk>/report/", ImportReportView.as_view(), name="import-report"),
    path(
        "needs/imports/<int:pk>/report.<str:fmt>",
        ImportReportView.as_view(),
        name="import-report-download",
    ),
]
