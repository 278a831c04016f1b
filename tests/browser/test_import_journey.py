"""A commissioner imports DfE's real release through the browser, as a new user would."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from needs.models import Figure, ImportJob
from tests.browser.conftest import sign_in
from tests.factories import ImportJobFactory
from tests.needs.dfe_files import ZIP_2022, timeliness_csv, timeliness_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commissioner_imports_the_2022_release_reads_the_report_and_downloads_it(
    page: Page, users, tmp_path
):
    sign_in(page, users.commissioner.email)
    page.goto("/needs/imports/")
    page.get_by_label("Upload a file").set_input_files(str(ZIP_2022))
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_load_state()

    # the test task backend imports at once; a worker would show the progress page
    expect(page.get_by_role("heading", name="Imported")).to_be_visible(timeout=60_000)
    expect(page.locator(".govuk-panel__body")).to_contain_text("Imported 44,500 figures")
    expect(page.get_by_role("cell", name="data/sen2_age_caseload.csv")).to_be_visible()
    assert Figure.objects.filter(current=True).count() == 44500

    page.get_by_role("link", name="Read the consistency report").click()
    expect(page.get_by_role("heading", name="Consistency report")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    body = download.value.path().read_text(encoding="utf-8-sig")
    assert body.splitlines()[0].startswith("Kind,File,Measure,Period")


def test_a_wrong_file_is_refused_with_its_row_and_column_and_the_form_keeps_working(
    page: Page, users, tmp_path
):
    bad = tmp_path / "timeliness_2025.csv"
    bad.write_bytes(
        timeliness_csv(timeliness_rows(las=[(1, 1, "lots", 1, 1, 1), (2, 2, 2, 2, 2, 2)]))
    )
    sign_in(page, users.area_admin.email)
    page.goto("/needs/imports/")
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a zip or CSV file")
    page.get_by_label("Upload a file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and import").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("nothing was changed")
    expect(summary).to_contain_text(
        "timeliness_2025.csv, row 4, column plans_issued_within_20_weeks: 'lots' is not a number"
    )
    assert Figure.objects.count() == 0


def test_the_progress_page_follows_the_import_and_shows_the_outcome(page: Page, users):
    job = ImportJobFactory(status="running", progress=10, stage="Reading data/caseload.csv")
    sign_in(page, users.commissioner.email)
    page.goto(f"/needs/imports/{job.pk}/")
    expect(page.locator("#import-stage")).to_contain_text("Reading data/caseload.csv (10%)")

    ImportJob.objects.filter(pk=job.pk).update(progress=70, stage="Saving figures")
    expect(page.locator("#import-stage")).to_contain_text("Saving figures (70%)")
    assert page.evaluate("document.querySelector('#import-progress').value") == 70

    ImportJob.objects.filter(pk=job.pk).update(
        status="done", progress=100, stage="Imported 9 figures"
    )
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    expect(page.locator(".govuk-panel__body")).to_contain_text("Imported 9 figures")
