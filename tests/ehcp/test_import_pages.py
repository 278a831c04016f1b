"""The case-data import pages: upload, result, errors, who may use them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ehcp import synthetic
from ehcp.models import CaseImport, CaseRequest, ImportStatus, Person
from ehcp.sen2_format import MODULES
from tests.ehcp.test_importer import csv_files, edited, extract_for
from tests.factories import CaseImportFactory

pytestmark = pytest.mark.django_db


def imports_url(area) -> str:
    return reverse("ehcp:imports", kwargs={"area": area.slug})


def import_url(record) -> str:
    return reverse("ehcp:import", kwargs={"area": record.area.slug, "pk": record.pk})


def uploads(files: list[tuple[str, bytes]]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, data) for name, data in files]


def zip_upload(area, tmp_path) -> list[SimpleUploadedFile]:
    path = synthetic.write_zip(extract_for(area.la_code), tmp_path / "sen2_june.zip")
    return uploads([(path.name, path.read_bytes())])


def test_a_commissioner_uploads_the_zip_and_sees_what_was_added(
    client_for, users, area_a, tmp_path
):
    client = client_for(users.commissioner)
    response = client.post(imports_url(area_a), {"files": zip_upload(area_a, tmp_path)})
    record = CaseImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == import_url(record)
    assert record.status == ImportStatus.DONE, record.errors
    assert record.created_by == users.commissioner
    n = len(extract_for(area_a.la_code).cases)
    assert CaseRequest.objects.filter(area=area_a).count() == n
    page = client.get(response["Location"]).content.decode()
    assert "<title>Import of sen2_june.zip" in page
    assert "Imported" in page
    assert f"{n:,} requests added, 0 updated" in page
    assert "by you" in page
    assert "30 June 2021" in page  # the extract's date, from its header
    listing = client.get(imports_url(area_a)).content.decode()
    assert "sen2_june.zip" in listing


def test_an_area_admin_uploads_the_csv_files_and_a_date(client_for, users, area_a):
    client = client_for(users.area_admin)
    files = uploads(csv_files(extract_for(area_a.la_code)))
    response = client.post(
        imports_url(area_a),
        {"files": files, "extract_date_0": "3", "extract_date_1": "7", "extract_date_2": "2021"},
    )
    assert response.status_code == 302
    record = CaseImport.objects.get()
    assert record.status == ImportStatus.DONE, record.errors
    assert record.extract_date == date(2021, 7, 3)
    assert record.file_name.startswith("header.csv, person.csv")


def test_a_refused_extract_lists_module_row_and_field_and_changes_nothing(
    client_for, users, area_a
):
    client = client_for(users.commissioner)
    extract = extract_for(area_a.la_code)

    def spoil(rows):
        rows[4][rows[0].index("receiveddate")] = "31/02/2021"

    files = csv_files(extract, requests=edited(extract, "requests", spoil), sen_need=None)
    response = client.post(imports_url(area_a), {"files": uploads(files)})
    record = CaseImport.objects.get()
    assert record.status == ImportStatus.FAILED
    page = client.get(response["Location"]).content.decode()
    assert page.count("<title>Error: Import of") == 1
    assert "govuk-error-summary" in page
    assert "The extract was not imported: nothing was changed" in page
    assert "requests.csv, row 5, field receiveddate: &#x27;31/02/2021&#x27; is not a date" in page
    assert "sen_need.csv: The extract has no sen_need.csv" in page
    assert not CaseRequest.objects.exists()
    assert not Person.objects.exists()


def test_form_errors_name_the_field_and_import_nothing(client_for, users, area_a, settings):
    client = client_for(users.commissioner)
    url = imports_url(area_a)

    def errors(data) -> str:
        response = client.post(url, data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "<title>Error: " in page
        assert 'href="#id_files"' in page or 'href="#id_extract_date_0"' in page
        return page

    assert "Select the extract&#x27;s zip file or its CSV files" in errors({})
    bad_type = errors({"files": uploads([("extract.xlsx", b"PK\x03\x04")])})
    assert "The files must be a zip file or CSV files" in bad_type
    mixed = errors({"files": uploads([("a.zip", b"PK"), ("person.csv", b"a")])})
    assert "Upload one zip file, or the CSV files without a zip" in mixed
    bad_date = errors(
        {
            "files": uploads([("person.csv", b"a")]),
            "extract_date_0": "31",
            "extract_date_1": "2",
            "extract_date_2": "2021",
        }
    )
    assert "must be a real date" in bad_date
    settings.NEEDS_MAX_UPLOAD_BYTES = 2**20
    big = errors({"files": uploads([("extract.zip", b"0" * (2**20 + 1))])})
    assert "The file must be smaller than 1 MB" in big
    assert not CaseImport.objects.exists()


def test_the_same_form_posted_twice_imports_once(client_for, users, area_a, tmp_path):
    client = client_for(users.commissioner)
    page = client.get(imports_url(area_a)).content.decode()
    token = re.search(r'name="submission" value="([^"]+)"', page).group(1)
    first = client.post(
        imports_url(area_a), {"files": zip_upload(area_a, tmp_path), "submission": token}
    )
    second = client.post(
        imports_url(area_a), {"files": zip_upload(area_a, tmp_path), "submission": token}
    )
    assert first["Location"] == second["Location"]
    assert CaseImport.objects.count() == 1


# -- who may use the pages -------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("commissioner", 200),
        ("area_admin", 200),
        ("board_member", 403),
        ("forum_member", 403),
        ("other_area", 404),
    ],
)
def test_only_commissioners_and_area_admins_of_the_area_import(
    client_for, users, area_a, role, status
):
    record = CaseImportFactory(area=area_a)
    client = client_for(getattr(users, role))
    for url in (imports_url(area_a), import_url(record)):
        assert client.get(url).status_code == status
    files = uploads(csv_files(extract_for(area_a.la_code)))
    response = client.post(imports_url(area_a), {"files": files})
    assert response.status_code == (302 if status == 200 else status)
    imported = CaseRequest.objects.filter(area=area_a).exists()
    assert imported == (status == 200)


def test_anonymous_users_are_sent_to_sign_in(client, area_a):
    record = CaseImportFactory(area=area_a)
    for url in (imports_url(area_a), import_url(record)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    files = uploads(csv_files(extract_for(area_a.la_code)))
    assert client.post(imports_url(area_a), {"files": files}).status_code == 302
    assert CaseImport.objects.filter(area=area_a).count() == 1  # the factory's only
    assert not CaseRequest.objects.exists()


def test_another_areas_imports_are_not_found_or_listed(client_for, users, area_a, area_b):
    theirs = CaseImportFactory(area=area_b, file_name="betashire_secret.zip")
    mine = CaseImportFactory(area=area_a, file_name="alphashire_june.zip")
    client = client_for(users.commissioner)
    wrong_area = reverse("ehcp:import", kwargs={"area": area_a.slug, "pk": theirs.pk})
    assert client.get(wrong_area).status_code == 404
    listing = client.get(imports_url(area_a)).content.decode()
    assert "alphashire_june.zip" in listing
    assert "betashire_secret.zip" not in listing
    other = client_for(users.other_area)
    assert other.get(import_url(mine)).status_code == 404


def test_the_list_page_query_count_does_not_grow_with_imports(
    client_for, users, area_a, django_assert_max_num_queries
):
    client = client_for(users.commissioner)
    for _ in range(30):
        CaseImportFactory(area=area_a)
    with django_assert_max_num_queries(12):
        response = client.get(imports_url(area_a))
    assert response.content.decode().count("govuk-tag--green") == 20


def test_the_upload_field_takes_several_files(client_for, users, area_a):
    page = client_for(users.commissioner).get(imports_url(area_a)).content.decode()
    field = re.search(r"<input[^>]*name=\"files\"[^>]*>", page).group(0)
    assert "multiple" in field
    assert "govuk-file-upload" in field
    assert 'accept=".zip,.csv"' in field
    for module in ("person", "requests", "named_plan", "advice"):
        assert MODULES[module].file_name in page
