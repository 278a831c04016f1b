"""Writes of the needs app: import jobs (run in a background task) and local indicators."""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils import timezone

from needs import importer
from needs.models import ImportJob, JobStatus

log = logging.getLogger(__name__)


def create_job(*, name: str, data: bytes, user=None, release_year: int | None = None) -> ImportJob:
    """Keep an upload until a worker imports it."""
    return ImportJob.objects.create(
        file_name=name[:255],
        file_size=len(data),
        sha256=importer.sha256(data),
        payload=data,
        release_year=release_year or importer.release_year_from_name(name),
        created_by=user if user and user.is_authenticated else None,
    )


class JobProgress:
    """Writes progress through its own connection, so it shows while the import's
    transaction is still open. It never touches rows the import itself writes."""

    def __init__(self, job_id: int, echo=None):
        self.job_id = job_id
        self.echo = echo
        self.last: tuple[int, str] | None = None
        try:
            # A second connection like Django's own (same server, socket and
            # database, the test database in tests), in autocommit.
            self.conn = connections.create_connection(DEFAULT_DB_ALIAS)
            self.conn.ensure_connection()
        except DatabaseError:  # progress is a courtesy; the import goes on without it
            log.warning("Cannot open a connection for import progress", exc_info=True)
            self.conn = None

    def __call__(self, percent: int, stage: str) -> None:
        if self.echo:
            self.echo(percent, stage)
        if self.conn is None or self.last == (percent, stage):
            return
        self.last = (percent, stage)
        with self.conn.cursor() as cursor:
            cursor.execute(
                "UPDATE needs_importjob SET progress = %s, stage = %s, heartbeat_at = now() "
                "WHERE id = %s",
                [percent, stage[:200], self.job_id],
            )

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def run_job(job_id: int, *, echo=None) -> ImportJob:
    """Import a job's upload, all or nothing, and record the outcome on the job."""
    job = ImportJob.objects.get(pk=job_id)
    if job.finished:
        return job
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, stage="Opening the file"
    )
    progress = JobProgress(job.pk, echo)
    fields = {}
    try:
        data = bytes(job.payload or b"")
        files = importer.read_upload(job.file_name, data)
        if job.release_year is None:
            raise importer.ImportRefused(
                [
                    importer.Problem(
                        job.file_name,
                        "Enter the reporting year of the release: the file name does not say it",
                    )
                ]
            )
        result = importer.import_files(job, files, job.release_year, progress)
    except importer.ImportRefused as refused:
        fields = {
            "status": JobStatus.FAILED,
            "errors": [p.as_dict() for p in refused.problems],
            "stage": "Not imported: nothing was changed",
        }
    except Exception:
        log.exception("Import job %s failed", job.pk)
        fields = {
            "status": JobStatus.FAILED,
            "errors": [
                {
                    "file": job.file_name,
                    "row": None,
                    "column": "",
                    "message": "The import stopped because of a fault in the portal; "
                    "nothing was changed. Try again, or tell the service team.",
                }
            ],
            "stage": "Not imported: nothing was changed",
        }
    else:
        fields = {
            "status": JobStatus.DONE,
            "summary": [f.as_dict() for f in result.files],
            "stage": (
                f"Imported {result.figures:,} figures into {result.release}"
                if result.figures
                else f"Nothing changed: {result.release} already holds every file of this upload"
            ),
            "progress": 100,
        }
    finally:
        progress.close()
    with transaction.atomic():
        now = timezone.now()
        ImportJob.objects.filter(pk=job.pk).update(
            finished_at=now, heartbeat_at=now, payload=None, **fields
        )
    job.refresh_from_db()
    return job
