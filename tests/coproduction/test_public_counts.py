"""QUALITY.md S12 on "you said, we did": counts of 1-4 are c, and a hidden count cannot be
worked back from a total (secondary suppression), on the page, the easy read and the CSV."""

import csv
import io

import pytest

from coproduction.models import FeedbackStatus
from coproduction.public_selectors import NO_THEME, public_counts
from coproduction.suppression import THRESHOLD, PublicRow, protected_row
from core.access import AreaAccess
from ehcp import measures
from tests.coproduction.public_helpers import published, url
from tests.factories import ThemeFactory


def test_the_threshold_and_marker_are_ehcps(settings):
    assert THRESHOLD == measures.THRESHOLD == measures.small_number_threshold() == 5
    assert protected_row([4], total=4) == PublicRow(("c",), "c")
    settings.SMALL_NUMBER_THRESHOLD = 10  # PORTAL_SMALL_NUMBER_THRESHOLD=10
    assert protected_row([9, 12], total=21) == PublicRow(("c", "c"), 21)
    assert protected_row([4], total=4, threshold=3) == PublicRow((4,), 4)


@pytest.mark.parametrize(
    ("counts", "total", "expected"),
    [
        ([6, 3, 5, 0], 14, PublicRow((6, "c", "c", 0), 14)),  # secondary: the smallest other
        ([6, 3, 2, 0], 11, PublicRow((6, "c", "c", 0), 11)),  # two hidden: enough
        ([10, 20], 30, PublicRow((10, 20), 30)),  # nothing small
        ([0, 0, 0], 0, PublicRow((0, 0, 0), 0)),  # nothing at all: zeros are shown
        ([4, 0, 0], 4, PublicRow(("c", 0, 0), "c")),  # the total is small too
        ([7, 7, 3], 12, PublicRow(("c", 7, "c"), 12)),  # items with several themes
        ([3, 0], 9, PublicRow(("c", 0), "c")),  # one hidden, nothing else to hide: the total
        ([5, 5, 1], 11, PublicRow(("c", 5, "c"), 11)),  # the first of equal smallest
    ],
)
def test_protected_row(counts, total, expected):
    assert protected_row(counts, total=total) == expected


def test_no_single_hidden_cell_beside_a_shown_total():
    """Exhaustively for small rows: whenever a total is shown, zero or two or more non-zero
    cells are hidden, never exactly one."""
    for a in range(9):
        for b in range(9):
            for c in range(9):
                row = protected_row([a, b, c], total=a + b + c)
                hidden = [cell for cell in row.cells if cell == "c"]
                assert row.total == "c" or len(hidden) != 1, (a, b, c, row)
                assert all(cell == count for cell, count in zip(row.cells, (a, b, c), strict=True)
                           if cell != "c")  # fmt: skip


@pytest.fixture
def counted(area_a):
    """Keyworkers 6, Transport 3, Waiting times 5, one item with no theme: 15 items."""
    keyworkers = ThemeFactory(area=area_a, name="Keyworkers", order=1)
    transport = ThemeFactory(area=area_a, name="Transport", order=2)
    waiting = ThemeFactory(area=area_a, name="Waiting times", order=3)
    for _ in range(6):
        published(area_a, themes=[keyworkers], status=FeedbackStatus.DONE)
    for _ in range(3):
        published(area_a, themes=[transport])
    for _ in range(5):
        published(area_a, themes=[waiting], status=FeedbackStatus.DONE)
    published(area_a, status=FeedbackStatus.NOT_POSSIBLE, not_possible_reason="Not ours")
    return area_a


@pytest.mark.django_db
def test_counts_by_theme_and_status_are_suppressed(counted):
    counts = public_counts(access=AreaAccess(area=counted, is_public_view=True))
    assert counts.by_theme.rows == [
        ("Keyworkers", 6), ("Transport", "c"), ("Waiting times", 5), (NO_THEME, "c"),
    ]  # fmt: skip
    assert counts.by_theme.row.total == 15
    # done 11, responded 3, not possible 1: two hidden, so neither can be worked back
    by_status = dict(counts.by_status.rows)
    assert by_status["Done"] == 11
    assert by_status["Responded"] == "c"
    assert by_status["Not possible"] == "c"
    assert by_status["Received"] == 0
    assert counts.by_status.row.total == 15


@pytest.mark.django_db
def test_a_single_small_theme_hides_another_so_the_total_cannot_reveal_it(area_a):
    big, small, middle = (ThemeFactory(area=area_a, name=name) for name in ("Big", "Small", "Mid"))
    for theme, n in ((big, 9), (small, 2), (middle, 6)):
        for _ in range(n):
            published(area_a, themes=[theme])
    counts = public_counts(access=AreaAccess(area=area_a, is_public_view=True))
    assert dict(counts.by_theme.rows) == {"Big": 9, "Small": "c", "Mid": "c", NO_THEME: 0}
    assert counts.by_theme.row.total == 17


@pytest.mark.django_db
def test_the_page_the_easy_read_and_the_csv_show_the_same_suppressed_counts(counted, client):
    page = client.get(url(counted)).content.decode()
    for name in ("you-said-we-did", "you-said-we-did-easy-read"):
        body = client.get(url(counted, name)).content.decode()
        for label, cell in (("Keyworkers", 6), ("Transport", "c"), ("Waiting times", 5)):
            assert (
                f'<th scope="row" class="govuk-table__header">{label}</th>'
                f'<td class="govuk-table__cell govuk-table__cell--numeric">{cell}</td>'
            ) in body
    assert "counts of 1 to 4 are shown as <strong>c</strong>" in page

    response = client.get(url(counted, "you-said-we-did-counts-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Table", "Row", "Published feedback items"]
    theme_rows = {row[1]: row[2] for row in rows if row[0] == "Published feedback by theme"}
    assert theme_rows == {"Keyworkers": "6", "Transport": "c", "Waiting times": "5",
                          NO_THEME: "c", "Total": "15"}  # fmt: skip
    status_rows = {row[1]: row[2] for row in rows if row[0] == "Published feedback by status"}
    assert status_rows["Not possible"] == "c"
    assert status_rows["Total"] == "15"


@pytest.mark.django_db
def test_counts_ignore_the_filters(counted, client):
    """Counts under a filter would let one count be worked out from two pages."""
    transport = counted.feedback_themes.get(name="Transport")
    everything = client.get(url(counted)).context["counts"]
    filtered = client.get(url(counted), {"theme": transport.pk, "status": "done"})
    assert filtered.context["counts"] == everything


def results_line(body: str) -> str:
    start = body.index('id="results-count"')
    return body[start : body.index("</p>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize("small", range(1, THRESHOLD))
def test_the_list_does_not_print_a_small_count_the_table_hides(area_a, client, small):
    """The counts table shows 1-4 as c; the sentence above the list must not print it."""
    theme = ThemeFactory(area=area_a, name="Transport")
    other = ThemeFactory(area=area_a, name="Keyworkers")
    for _ in range(small):
        published(area_a, themes=[theme])
    for _ in range(THRESHOLD + 1):
        published(area_a, themes=[other])
    filtered = {"theme": theme.pk}

    body = client.get(url(area_a), filtered).content.decode()
    line = results_line(body)
    assert f"Fewer than {THRESHOLD} items match the filters" in line
    assert str(small) not in line
    easy = results_line(client.get(url(area_a, "you-said-we-did-easy-read"), filtered)
                        .content.decode())  # fmt: skip
    assert f"There are fewer than {THRESHOLD} things to read for what you chose" in easy
    assert str(small) not in easy

    many = results_line(client.get(url(area_a), {"theme": other.pk}).content.decode())
    assert f"{THRESHOLD + 1} items match the filters" in many
    none = results_line(client.get(url(area_a), {"status": FeedbackStatus.DONE}).content.decode())
    assert "0 items match the filters" in none  # nothing is not a small number


@pytest.mark.django_db
def test_a_small_total_published_is_not_printed_either(area_a, client):
    for _ in range(THRESHOLD - 1):
        published(area_a)
    line = results_line(client.get(url(area_a)).content.decode())
    assert f"Fewer than {THRESHOLD} items published" in line
    assert str(THRESHOLD - 1) not in line
    easy = results_line(client.get(url(area_a, "you-said-we-did-easy-read")).content.decode())
    assert f"There are fewer than {THRESHOLD} things to read." in easy


@pytest.mark.django_db
def test_the_sentence_follows_the_threshold_in_force(area_a, client, settings):
    """PORTAL_SMALL_NUMBER_THRESHOLD raised to 10: 7 items are a small number too."""
    settings.SMALL_NUMBER_THRESHOLD = 10
    for _ in range(7):
        published(area_a)
    line = results_line(client.get(url(area_a)).content.decode())
    assert "Fewer than 10 items published" in line
    assert "7" not in line
