"""Reads of the needs app."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from needs.models import ConsistencyIssue, ImportJob, SourceFile


def consistency_issues(job: ImportJob) -> QuerySet[ConsistencyIssue]:
    return job.issues.all()


def issue_counts(job: ImportJob) -> dict[str, int]:
    kinds = ConsistencyIssue.Kind
    return job.issues.aggregate(
        discrepancy=Count("id", filter=Q(kind=kinds.DISCREPANCY)),
        suppression=Count("id", filter=Q(kind=kinds.SUPPRESSION)),
    )


def recent_jobs(limit: int = 20) -> QuerySet[ImportJob]:
    return ImportJob.objects.defer("payload").order_by("-created_at")[:limit]


def imported_files() -> QuerySet[SourceFile]:
    return SourceFile.objects.select_related("release").order_by("-release__year", "name")
