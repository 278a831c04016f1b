"""A URLconf for chart tests: the real routes plus a page with two charts and their downloads."""

from django.http import Http404, HttpResponse
from django.template import engines
from django.urls import path, reverse

from config.urls import urlpatterns as real_urlpatterns
from core.charts import Chart, Series, bar_chart, chart_download, line_chart, series_table
from core.exports import FORMATS

YEARS = [2019, 2020, 2021, 2022, 2023, 2024]
TIMELINESS = [
    Series("Alphashire", [58.7, 60.1, None, 49.25, 46.0, 51.35]),
    Series("England", [60.4, 58.0, 59.9, 49.2, 50.3, 46.4]),
]
NEEDS = ["Autistic spectrum disorder", "Speech, language and communication needs", "Other"]
PLANS = [
    Series("2023", [1204, 987, 15]),
    Series("2024", [1388, 1042, None]),
]

PAGE = engines["django"].from_string(
    """{% extends "base.html" %}
{% block title %}Chart test{% endblock %}
{% block head %}{% include "includes/chart_assets.html" %}{% endblock %}
{% block content %}
<h1 class="govuk-heading-l">Chart test</h1>
<h2 class="govuk-heading-m">EHC plans issued within 20 weeks</h2>
{% include "includes/chart.html" with chart=timeliness download_url=timeliness_url %}
<h2 class="govuk-heading-m">EHC plans by primary need</h2>
{% include "includes/chart.html" with chart=needs download_url=needs_url %}
{% endblock %}
"""
)


def timeliness_chart() -> Chart:
    headers, rows = series_table(category_header="Year", categories=YEARS, series=TIMELINESS)
    return Chart(
        slug="timeliness",
        title="EHC plans issued within 20 weeks (%), Alphashire and England, 2019 to 2024",
        caption="Alphashire issued 51.4% of new plans within 20 weeks in 2024, more than England.",
        figure=line_chart(
            categories=YEARS, series=TIMELINESS, y_title="Issued within 20 weeks", percent=True
        ),
        headers=headers,
        rows=rows,
        csv_filename="alphashire-ehcp-timeliness",
    )


def needs_chart() -> Chart:
    headers, rows = series_table(category_header="Primary need", categories=NEEDS, series=PLANS)
    return Chart(
        slug="needs",
        title="EHC plans by primary need, Alphashire, 2023 and 2024",
        caption="Most plans are for autism, and their number rose by 184 in 2024.",
        figure=bar_chart(categories=NEEDS, series=PLANS, value_title="EHC plans", horizontal=True),
        headers=headers,
        rows=rows,
        csv_filename="alphashire-plans-by-need",
    )


CHARTS = {"timeliness": timeliness_chart, "needs": needs_chart}


def chart_page(request):
    context = {name: make() for name, make in CHARTS.items()}
    for name in CHARTS:
        context[f"{name}_url"] = reverse("chart-test-download", args=[name])
    return HttpResponse(PAGE.render(context, request))


def chart_csv(request, name):
    fmt = request.GET.get("format", "csv")
    if name not in CHARTS or fmt not in FORMATS:
        raise Http404
    return chart_download(CHARTS[name](), fmt)


urlpatterns = [
    path("chart-test/", chart_page, name="chart-test"),
    path("chart-test/<slug:name>/numbers/", chart_csv, name="chart-test-download"),
    *real_urlpatterns,
]
