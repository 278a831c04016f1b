"""Imports in real transactions: progress seen from outside, two uploads at once."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from needs import services
from needs.models import Figure, JobStatus, SourceFile
from tests.factories import ReleaseFactory
from tests.needs.dfe_files import timeliness_csv

pytestmark = pytest.mark.django_db(transaction=True)


def outside_connection():
    """Another session on the same database, as another user's request would be."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    other.ensure_connection()
    return other


def test_progress_is_visible_to_others_while_the_import_is_still_open():
    job = services.create_job(name="t_2025.csv", data=timeliness_csv())
    seen = []

    def echo(percent, stage):
        if percent >= 60:  # figures are being written, nothing committed yet
            other = outside_connection()
            with other.cursor() as cursor:
                cursor.execute(
                    "SELECT j.progress, (SELECT count(*) FROM needs_figure) "
                    "FROM needs_importjob j WHERE j.id = %s",
                    [job.pk],
                )
                seen.append(cursor.fetchone())
            other.close()

    assert services.run_job(job.pk, echo=echo).status == JobStatus.DONE
    assert seen, "the import reported progress"
    # others saw the progress move while the figures were not yet visible to them
    assert any(progress >= 60 and figures == 0 for progress, figures in seen), seen


def test_two_users_importing_the_same_file_at_once_save_it_once():
    ReleaseFactory(year=2025)  # already there: its row does not serialise the two imports
    first, second = (services.create_job(name="t_2025.csv", data=timeliness_csv()) for _ in "ab")
    writing = threading.Event()
    outcomes = {}

    def slow_echo(percent, stage):
        if percent >= 60 and not writing.is_set():
            writing.set()  # the first import is writing figures, not yet committed...
            time.sleep(1.5)  # ...and stays open while the second starts

    def work(job_id, echo=None):
        try:
            outcomes[job_id] = services.run_job(job_id, echo=echo).status
        finally:
            connection.close()

    one = threading.Thread(target=work, args=(first.pk, slow_echo))
    one.start()
    assert writing.wait(30)
    two = threading.Thread(target=work, args=(second.pk,))
    two.start()
    one.join(60)
    two.join(60)
    assert outcomes == {first.pk: JobStatus.DONE, second.pk: JobStatus.DONE}
    assert SourceFile.objects.count() == 1
    assert Figure.objects.count() == 24
    second.refresh_from_db()
    assert "Already imported" in second.summary[0]["skipped"]
