"""Importing through the browser's forms: upload, progress, outcome, report, downloads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from needs.models import ConsistencyIssue, Figure, ImportJob, JobStatus
from tests.needs.dfe_files import timeliness_csv, timeliness_rows

pytestmark = pytest.mark.django_db

URL = reverse("needs:imports")


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Post the form; the import the view queues on commit runs then (test task backend)."""

    def post(client, data: bytes, name="timeliness_2025.csv", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, {"file": SimpleUploadedFile(name, data), **fields})

    return post


def test_a_commissioner_uploads_a_file_and_sees_it_imported(upload, client_for, users):
    client = client_for(users.commissioner)
    response = upload(client, timeliness_csv())
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("needs:import", args=[job.pk])
    page = client.get(response["Location"])
    text = page.content.decode()
    assert job.status == JobStatus.DONE  # the test backend runs tasks at once
    assert "Imported 24 figures" in text
    assert "by you" in text
    assert Figure.objects.count() == 24
    status = client.get(reverse("needs:import-status", args=[job.pk])).json()
    assert status == {
        "status": "done",
        "progress": 100,
        "stage": job.stage,
        "finished": True,
        "stalled": False,
    }


def test_the_status_page_names_each_problem_and_nothing_is_written(upload, client_for, users):
    client = client_for(users.area_admin)
    rows = timeliness_rows(las=[(100, 90, "lots", 45, "50", "50"), (200, 190, 100, 95, 1, 1)])
    response = upload(client, timeliness_csv(rows))
    page = client.get(response["Location"]).content.decode()
    assert "The file was not imported: nothing was changed" in page
    assert (
        "timeliness_2025.csv, row 4, column plans_issued_within_20_weeks: "
        "&#x27;lots&#x27; is not a number" in page
    )
    assert Figure.objects.count() == 0


def test_form_errors_keep_the_page_and_name_the_field(upload, client_for, users, settings):
    client = client_for(users.commissioner)
    empty = client.post(URL, {"release_year": "2025"})
    assert empty.status_code == 200
    assert "Select a zip or CSV file" in empty.content.decode()
    assert 'value="2025"' in empty.content.decode()  # what was typed is kept

    wrong = upload(client, b"x", name="figures.xlsx")
    assert "The file must be a zip or CSV file" in wrong.content.decode()

    year = upload(client, timeliness_csv(), release_year="twenty")
    assert "Enter the reporting year as 4 digits" in year.content.decode()
    assert 'value="twenty"' in year.content.decode()

    settings.NEEDS_MAX_UPLOAD_BYTES = 100
    big = upload(client, timeliness_csv())
    assert "The file must be smaller than" in big.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_file_over_the_size_limit_is_named_in_the_error(upload, client_for, users, settings):
    settings.NEEDS_MAX_UPLOAD_BYTES = 3 * 2**20
    client = client_for(users.commissioner)
    big = upload(client, b"0" * (3 * 2**20 + 1), name="caseload & more_2025.csv")
    page = big.content.decode()
    message = "caseload &amp; more_2025.csv is 3.0 MB. The file must be smaller than 3 MB"
    assert page.count(message) == 2  # in the error summary and at the field
    assert "<title>Error: " in page
    assert ImportJob.objects.count() == 0


def test_consistency_report_lists_findings_and_downloads_them(upload, client_for, users):
    client = client_for(users.commissioner)
    rows = timeliness_rows(region=(310, 280, 150, 140, "50", "50"))
    upload(client, timeliness_csv(rows))
    job = ImportJob.objects.get()
    assert ConsistencyIssue.objects.filter(job=job, kind="discrepancy").exists()
    page = client.get(reverse("needs:import-report", args=[job.pk])).content.decode()
    assert "East of England (E12000006) against its local authorities" in page
    assert "310" in page
    assert "300" in page
    csv = client.get(reverse("needs:import-report-download", args=[job.pk, "csv"]))
    assert csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig")
    assert "E12000006" in body
    assert body.count("\n") == ConsistencyIssue.objects.filter(job=job).count() + 1
    xlsx = client.get(reverse("needs:import-report-download", args=[job.pk, "xlsx"]))
    assert xlsx.status_code == 200
    assert (
        client.get(reverse("needs:import-report-download", args=[job.pk, "pdf"])).status_code == 404
    )


def test_other_uploaders_are_not_named(upload, client_for, users):
    upload(client_for(users.commissioner), timeliness_csv())
    job = ImportJob.objects.get()
    page = client_for(users.area_admin).get(reverse("needs:import", args=[job.pk]))
    assert "by you" not in page.content.decode()
    assert users.commissioner.email not in page.content.decode()


def test_two_users_uploading_the_same_file_import_it_once(upload, client_for, users):
    upload(client_for(users.commissioner), timeliness_csv())
    upload(client_for(users.area_admin), timeliness_csv())
    first, second = ImportJob.objects.order_by("created_at")
    assert (first.status, second.status) == (JobStatus.DONE, JobStatus.DONE)
    assert "Already imported" in second.summary[0]["skipped"]
    assert Figure.objects.count() == 24


def test_an_upload_imported_before_says_nothing_changed_and_nothing_was_checked(
    upload, client_for, users
):
    client = client_for(users.commissioner)
    first = client.get(upload(client, timeliness_csv())["Location"]).content.decode()
    assert "Imported 24 figures" in first
    assert "Read the consistency report" in first
    again = client.get(upload(client, timeliness_csv())["Location"]).content.decode()
    assert "Nothing changed: Education health and care plans" in again
    assert "already holds every file of this upload" in again
    assert "Imported 0 figures" not in again
    assert 'id="not-checked-again"' in again  # not "every total adds up": nothing was checked
    assert "Read the consistency report" not in again


@pytest.mark.parametrize("role", ["board_member", "forum_member"])
def test_only_commissioners_and_area_admins_import(upload, client_for, users, role):
    client = client_for(getattr(users, role))
    assert client.get(URL).status_code == 403
    assert upload(client, timeliness_csv()).status_code == 403
    assert ImportJob.objects.count() == 0


@pytest.mark.parametrize("status", ["queued", "running"])
def test_an_import_whose_worker_stopped_says_so_and_nothing_was_changed(client_for, users, status):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import ImportJobFactory

    quiet = timezone.now() - timedelta(minutes=16)
    job = ImportJobFactory(status=status, progress=95, heartbeat_at=quiet)
    client = client_for(users.commissioner)
    page = client.get(reverse("needs:import", args=[job.pk])).content.decode()
    assert "This import stopped before it finished: nothing was changed" in page
    assert "Stopped" in page
    assert "import-status.js" not in page  # nothing left to follow
    assert client.get(reverse("needs:import-status", args=[job.pk])).json()["stalled"] is True

    job.heartbeat_at = timezone.now() - timedelta(minutes=14)
    job.save()
    page = client.get(reverse("needs:import", args=[job.pk])).content.decode()
    assert "stopped before it finished" not in page
    assert "import-status.js" in page
