"""Reads of the needs app."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from needs.models import ConsistencyIssue, ImportJob


def consistency_issues(job: ImportJob) -> QuerySet[ConsistencyIssue]:
    return job.issues.all()


def issue_counts(job: ImportJob) -> dict[str, int]:
    kinds = ConsistencyIssue.Kind
    return job.issues.aggregate(
        discrepancy=Count("id", filter=Q(kind=kinds.DISCREPANCY)),
        suppression=Count("id", filter=Q(kind=kinds.SUPPRESSION)),
    )
