"""core/charts.py (pure builders, the Chart and its download) and templates/includes/chart.html."""

import csv
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import plotly.graph_objects as go
import plotly.offline
import pytest
from django.template.loader import render_to_string
from openpyxl import load_workbook

from core.charts import (
    DASHES,
    MARKERS,
    PALETTE,
    Chart,
    Series,
    bar_chart,
    chart_download,
    line_chart,
    series_table,
)

ROOT = Path(__file__).resolve().parents[2]
YEARS = [2021, 2022, 2023]
TWO = [Series("Alphashire", [50.04, None, 61.25]), Series("England", [49.0, 52.5, 55])]


def make_chart(**changes) -> Chart:
    headers, rows = series_table(category_header="Year", categories=YEARS, series=TWO)
    values = {
        "slug": "timeliness",
        "title": "Plans issued within 20 weeks (%)",
        "caption": "Alphashire issued more plans on time than England in 2023.",
        "figure": line_chart(categories=YEARS, series=TWO, y_title="Per cent", percent=True),
        "headers": headers,
        "rows": rows,
        "csv_filename": "timeliness",
        **changes,
    }
    return Chart(**values)


class TestLineChart:
    def test_series_keep_their_order_colours_dashes_and_markers(self):
        three = [Series(name, [1, 2, 3]) for name in ("C", "A", "B")]
        figure = line_chart(categories=YEARS, series=three, y_title="Plans")
        assert [trace["name"] for trace in figure["data"]] == ["C", "A", "B"]
        assert [trace["line"]["color"] for trace in figure["data"]] == list(PALETTE[:3])
        assert [trace["line"]["dash"] for trace in figure["data"]] == list(DASHES[:3])
        assert [trace["marker"]["symbol"] for trace in figure["data"]] == list(MARKERS[:3])
        assert figure["layout"]["legend"]["traceorder"] == "normal"

    def test_the_palette_is_govuk_blue_orange_green_purple_red_and_dark_grey(self):
        assert PALETTE == ("#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f")
        six = [Series(str(n), [n]) for n in range(6)]
        figure = line_chart(categories=["2024"], series=six, y_title="Plans")
        assert [trace["marker"]["color"] for trace in figure["data"]] == list(PALETTE)
        assert len(set(DASHES)) == len(set(MARKERS)) == len(PALETTE)

    def test_none_nan_and_decimal_values(self):
        series = [Series("A", [Decimal("1.5"), None, float("nan")])]
        figure = line_chart(categories=YEARS, series=series, y_title="Plans")
        trace = figure["data"][0]
        assert trace["y"] == [1.5, None, None]
        assert trace["connectgaps"] is False  # a gap, not a line drawn across the missing year
        assert trace["mode"] == "lines+markers"  # a point between two gaps still shows

    def test_categories_are_text_on_a_category_axis(self):
        figure = line_chart(categories=YEARS, series=TWO, y_title="Per cent")
        assert figure["data"][0]["x"] == ["2021", "2022", "2023"]
        assert figure["layout"]["xaxis"]["type"] == "category"

    def test_percent_values_hover_with_one_decimal_place_and_a_percent_sign(self):
        figure = line_chart(categories=YEARS, series=TWO, y_title="Per cent", percent=True)
        assert {trace["hovertemplate"] for trace in figure["data"]} == {"%{y:,.1f}%"}
        assert figure["layout"]["yaxis"]["ticksuffix"] == "%"
        assert figure["layout"]["hovermode"] == "x unified"

    def test_counts_hover_with_thousands_separators_and_decimals_on_request(self):
        counts = line_chart(categories=YEARS, series=TWO, y_title="Plans")
        assert counts["data"][0]["hovertemplate"] == "%{y:,}"
        assert "ticksuffix" not in counts["layout"]["yaxis"]
        rates = line_chart(categories=YEARS, series=TWO, y_title="Rate", decimals=2)
        assert rates["data"][0]["hovertemplate"] == "%{y:,.2f}"
        whole = line_chart(categories=YEARS, series=TWO, y_title="%", percent=True, decimals=0)
        assert whole["data"][0]["hovertemplate"] == "%{y:,.0f}%"

    def test_layout_arial_no_title_legend_below_axis_titles(self):
        figure = line_chart(categories=YEARS, series=TWO, y_title="Per cent", x_title="Year")
        layout = figure["layout"]
        assert "title" not in layout  # the takeaway is the HTML caption
        assert layout["font"]["family"].startswith("Arial")
        assert layout["legend"]["orientation"] == "h"
        assert (layout["legend"]["yref"], layout["legend"]["y"]) == ("container", 0)
        assert layout["legend"]["itemclick"] is False  # the table must always match the chart
        assert layout["showlegend"] is True
        assert layout["yaxis"]["title"]["text"] == "Per cent"
        assert layout["xaxis"]["title"]["text"] == "Year"
        assert layout["yaxis"]["rangemode"] == "tozero"
        assert "template" not in layout

    def test_one_series_needs_no_legend(self):
        figure = line_chart(categories=YEARS, series=TWO[:1], y_title="Per cent")
        assert figure["layout"]["showlegend"] is False

    def test_the_figure_is_plain_json(self):
        figure = line_chart(categories=YEARS, series=TWO, y_title="Per cent", percent=True)
        assert json.loads(json.dumps(figure, allow_nan=False)) == figure

    @pytest.mark.parametrize(
        ("series", "message"),
        [
            ([], "at least one series"),
            ([Series("A", [1, 2])], "has 2 values for 3 categories"),
            ([Series(str(n), [1, 2, 3]) for n in range(7)], "split the chart"),
        ],
    )
    def test_bad_input_is_refused(self, series, message):
        with pytest.raises(ValueError, match=message):
            line_chart(categories=YEARS, series=series, y_title="Plans")


class TestBarChart:
    NEEDS = ["Autistic spectrum disorder", "Speech, language and communication needs", "Other"]
    PLANS = [Series("2023", [1204, 987, 15]), Series("2024", [1388, 1042, None])]

    def test_vertical_grouped_bars_in_series_order(self):
        figure = bar_chart(categories=YEARS, series=TWO, value_title="Per cent", percent=True)
        assert [trace["name"] for trace in figure["data"]] == ["Alphashire", "England"]
        assert [trace["marker"]["color"] for trace in figure["data"]] == list(PALETTE[:2])
        assert figure["data"][0]["y"] == [50.04, None, 61.25]  # no bar for the missing year
        assert figure["data"][0]["x"] == ["2021", "2022", "2023"]
        assert figure["data"][0]["hovertemplate"] == "%{y:,.1f}%"
        assert figure["layout"]["barmode"] == "group"
        assert figure["layout"]["yaxis"]["ticksuffix"] == "%"
        assert figure["layout"]["xaxis"]["type"] == "category"

    def test_horizontal_bars_list_categories_from_the_top_with_long_names_wrapped(self):
        figure = bar_chart(
            categories=self.NEEDS, series=self.PLANS, value_title="Plans", horizontal=True
        )
        trace = figure["data"][1]
        assert trace["orientation"] == "h"
        assert trace["x"] == [1388, 1042, None]
        assert trace["y"] == [
            "Autistic spectrum<br>disorder",
            "Speech, language and<br>communication needs",
            "Other",
        ]
        assert trace["hovertemplate"] == "%{x:,}"
        assert figure["layout"]["yaxis"]["autorange"] == "reversed"
        assert figure["layout"]["xaxis"]["title"]["text"] == "Plans"
        assert figure["layout"]["hovermode"] == "y unified"
        more = bar_chart(
            categories=self.NEEDS * 2,
            series=[Series(one.name, list(one.values) * 2) for one in self.PLANS],
            value_title="Plans",
            horizontal=True,
        )
        assert more["layout"]["height"] > figure["layout"]["height"]  # grows with categories

    def test_fill_patterns_tell_series_apart_without_colour(self):
        figure = bar_chart(categories=self.NEEDS, series=self.PLANS, value_title="Plans")
        shapes = [trace["marker"]["pattern"]["shape"] for trace in figure["data"]]
        assert shapes[0] == ""
        assert shapes[1] not in ("", shapes[0])
        one = bar_chart(categories=self.NEEDS, series=self.PLANS[:1], value_title="Plans")
        assert one["data"][0]["marker"]["pattern"]["shape"] == ""
        assert one["layout"]["showlegend"] is False

    def test_stacked(self):
        figure = bar_chart(categories=YEARS, series=TWO, value_title="Plans", stacked=True)
        assert figure["layout"]["barmode"] == "stack"


def every_kind_of_figure() -> list:
    """A figure of each builder and option, with gaps, Decimals, NaN and six series."""
    needs = TestBarChart.NEEDS
    mixed = [Series("A", [Decimal("1.5"), None, float("nan")]), Series("B", [1, 2, 3])]
    six = [Series(str(n), [n, None, n * 1.5]) for n in range(6)]
    return [
        line_chart(categories=YEARS, series=TWO, y_title="Per cent", percent=True),
        line_chart(categories=YEARS, series=mixed, y_title="Index", x_title="Year", decimals=1),
        line_chart(categories=YEARS, series=six, y_title="Plans", from_zero=False, height=200),
        bar_chart(categories=YEARS, series=TWO, value_title="Per cent", percent=True),
        bar_chart(categories=needs, series=mixed, value_title="Plans", horizontal=True),
        bar_chart(categories=needs, series=six, value_title="Plans", stacked=True),
        bar_chart(
            categories=needs,
            series=TWO,
            value_title="Per cent",
            category_title="Need",
            horizontal=True,
            stacked=True,
            percent=True,
            decimals=0,
        ),
    ]


@pytest.mark.parametrize("figure", every_kind_of_figure())
def test_plotly_accepts_each_figure_exactly_as_built(figure):
    """The builders write plotly's JSON by hand (no validation at request time); here plotly
    validates it: an unknown property or a bad value raises. Plotly keeps it as it is."""
    checked = go.Figure(figure)
    as_plotly = json.loads(checked.to_json())
    as_plotly["layout"].pop("template")  # plotly.py adds its default; plotly.js has none
    assert as_plotly == json.loads(json.dumps(figure, allow_nan=False))


def test_figures_share_no_dicts_with_the_constants_or_each_other():
    first = line_chart(categories=YEARS, series=TWO, y_title="Plans")
    first["layout"]["font"]["size"] = 99
    first["data"][0]["x"].append("2099")
    second = line_chart(categories=YEARS, series=TWO, y_title="Plans")
    assert second["layout"]["font"]["size"] == 16
    assert second["data"][0]["x"] == ["2021", "2022", "2023"]
    assert first["data"][1]["x"] == ["2021", "2022", "2023"]


class TestChartAndItsDownload:
    def test_series_table_is_a_row_per_category_and_a_column_per_series(self):
        headers, rows = series_table(category_header="Year", categories=YEARS, series=TWO)
        assert headers == ["Year", "Alphashire", "England"]
        assert rows == [["2021", 50.04, 49.0], ["2022", None, 52.5], ["2023", 61.25, 55]]

    def test_numeric_columns_and_ids(self):
        chart = make_chart(
            headers=["Need", "Plans", "Note"], rows=[["A", 1, "x"], ["B", None, "y"]]
        )
        assert chart.numeric_columns == (False, True, False)
        assert chart.figure_id == "timeliness-figure"
        assert [cell.numeric for cell in chart.header_cells] == [False, True, False]

    def test_dfe_marks_and_no_data_among_numbers_keep_a_column_numeric(self):
        chart = make_chart(
            headers=["Need", "Plans", "Share", "Neighbours", "Note", "Empty", "Year"],
            rows=[
                ["A", 1204, "c", "x", "x", None, "2024"],
                ["B", "z", 12.5, "x", "see note", None, "2025"],
                ["C", None, "no data", "c", "x", None, "2025"],
            ],
        )
        # Numbers with c, x, z or "no data" are numeric; so is a column of DfE's marks alone.
        # Text ("see note"), an empty column and years as text are not.
        assert chart.numeric_columns == (False, True, True, True, False, False, False)
        html = render_to_string("includes/chart.html", {"chart": chart})
        assert '<td class="govuk-table__cell govuk-table__cell--numeric">c</td>' in html
        assert '<td class="govuk-table__cell govuk-table__cell--numeric">z</td>' in html
        assert '<td class="govuk-table__cell govuk-table__cell--numeric">no data</td>' in html
        assert '<td class="govuk-table__cell">see note</td>' in html
        assert 'class="govuk-table__header govuk-table__header--numeric">Share</th>' in html
        assert table_text(html)[1:] == [
            ["A", "1,204", "c", "x", "x", "no data", "2024"],
            ["B", "z", "12.5", "x", "see note", "no data", "2025"],
            ["C", "no data", "no data", "c", "x", "no data", "2025"],
        ]

    def test_rows_must_match_the_headers(self):
        with pytest.raises(ValueError, match="does not match headers"):
            make_chart(headers=["Year", "Plans"], rows=[["2024", 1, 2]])

    def test_csv_download_holds_exactly_the_table(self):
        chart = make_chart()
        response = chart_download(chart)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="timeliness.csv"'
        lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert lines == [
            ["Year", "Alphashire", "England"],
            ["2021", "50.04", "49.0"],
            ["2022", "", "52.5"],
            ["2023", "61.25", "55"],
        ]

    def test_excel_download_holds_exactly_the_table(self):
        response = chart_download(make_chart(), "xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
            ["Year", "Alphashire", "England"],
            ["2021", 50.04, 49],
            ["2022", None, 52.5],
            ["2023", 61.25, 55],
        ]


class TableText(HTMLParser):
    """The text of each row of the tables in some HTML."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self.rows[-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def table_text(html: str) -> list[list[str]]:
    parser = TableText()
    parser.feed(html)
    return parser.rows


class TestTemplate:
    def test_figure_caption_hidden_plot_figure_json_table_and_link(self):
        chart = make_chart()
        html = render_to_string(
            "includes/chart.html", {"chart": chart, "download_url": "/numbers.csv"}
        )
        assert '<figure class="app-chart" id="timeliness">' in html
        assert f'<figcaption class="govuk-body app-chart__caption">{chart.caption}' in html
        assert re.search(
            r'<div class="app-chart__plot" data-app-chart="timeliness-figure" '
            r'aria-hidden="true" hidden></div>',
            html,
        )
        script = re.search(
            r'<script id="timeliness-figure" type="application/json">(.*?)</script>', html
        )
        assert json.loads(script.group(1)) == chart.figure
        assert 'role="region" aria-label="Plans issued within 20 weeks (%)" tabindex="0"' in html
        assert '<th scope="row" class="govuk-table__header">2021</th>' in html
        assert 'class="govuk-table__cell govuk-table__cell--numeric">50.04</td>' in html
        assert table_text(html) == [
            ["Year", "Alphashire", "England"],
            ["2021", "50.04", "49.0"],
            ["2022", "no data", "52.5"],
            ["2023", "61.25", "55"],
        ]
        assert '<a class="govuk-link" href="/numbers.csv">Download these numbers (CSV)' in html
        assert " style=" not in html

    def test_no_link_without_a_url_and_thousands_separated_counts(self):
        chart = make_chart(headers=["Year", "Plans"], rows=[[2024, 12345]])
        html = render_to_string("includes/chart.html", {"chart": chart})
        assert "Download" not in html
        assert table_text(html) == [["Year", "Plans"], ["2024", "12,345"]]  # not "2,024"

    def test_text_from_data_cannot_close_the_figure_script(self):
        evil = [Series("</script><script>alert(1)</script>", [1, 2, 3])]
        chart = make_chart(figure=line_chart(categories=YEARS, series=evil, y_title="Plans"))
        html = render_to_string("includes/chart.html", {"chart": chart})
        assert "<script>alert" not in html
        assert html.count("</script>") == 1


@pytest.mark.django_db
@pytest.mark.urls("tests.core.chart_urls")
class TestChartPage:
    def test_the_download_holds_the_numbers_the_page_shows(self, client):
        page = client.get("/chart-test/")
        assert page.status_code == 200
        html = page.content.decode()
        for name in ("timeliness", "needs"):
            figure = re.search(rf'<figure class="app-chart" id="{name}">(.*?)</figure>', html, re.S)
            shown = table_text(figure.group(1))
            link = re.search(r'href="([^"]+)">Download these numbers', figure.group(1)).group(1)
            response = client.get(link)
            assert response.status_code == 200
            downloaded = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
            assert len(downloaded) == len(shown) > 1
            assert downloaded[0] == shown[0]
            for table_row, csv_row in zip(shown[1:], downloaded[1:], strict=True):
                assert csv_row[0] == table_row[0]
                for cell, value in zip(table_row[1:], csv_row[1:], strict=True):
                    if cell == "no data":
                        assert value == ""
                    else:
                        assert Decimal(cell.replace(",", "")) == Decimal(value), (cell, value)

    def test_the_page_loads_the_chart_scripts_with_the_nonce_and_no_inline_script(self, client):
        response = client.get("/chart-test/", secure=True)
        html = response.content.decode()
        csp = response["Content-Security-Policy"]
        assert "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp
        nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
        assert f'<style id="plotly.js-style-global" nonce="{nonce}"></style>' in html
        for script in ("plotly-basic.min.js", "charts.js"):
            head = html.partition("</head>")[0]
            tag = rf'<script src="[^"]*/{re.escape(script)}" defer nonce="{re.escape(nonce)}">'
            assert re.search(tag, head), head
        # The only scripts without src are the figures' JSON data, which never run.
        inline = re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html)
        assert inline == [
            '<script id="timeliness-figure" type="application/json">',
            '<script id="needs-figure" type="application/json">',
        ]

    def test_pages_without_charts_do_not_load_plotly(self, client):
        html = client.get("/").content.decode()
        assert "plotly" not in html


def test_the_served_plotly_is_the_version_plotly_py_bundles():
    """frontend/package.json pins plotly.js-basic-dist-min to this version (frontend/build.sh)."""
    version = plotly.offline.get_plotlyjs_version()
    head = (ROOT / "static" / "js" / "plotly-basic.min.js").read_text()[:200]
    assert f"plotly.js (basic - minified) v{version}" in head
    package = json.loads((ROOT / "frontend" / "package.json").read_text())
    assert package["dependencies"]["plotly.js-basic-dist-min"] == version
