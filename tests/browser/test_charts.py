"""Charts in Chromium (core/charts.py, templates/includes/chart.html, static/js/charts.js):
drawn under the strict CSP with no console error, accessible, readable without JavaScript,
and printable on A4. The page is tests/core/chart_urls.py's.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.core.chart_urls"),
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Collects the page's CSP violations, from before any of its own scripts run.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""
SVG = "#{} .app-chart__plot svg.main-svg"


def open_chart_page(page: Page) -> list[str]:
    """Open the page with two charts; return the list that collects console and page errors."""
    problems: list[str] = []

    def console(message):
        if message.type in ("error", "warning"):
            problems.append(f"console {message.type}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    response = page.goto("/chart-test/")
    assert response.status == 200
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    page.wait_for_selector(SVG.format("timeliness"))
    page.wait_for_selector(SVG.format("needs"))
    return problems


def svg_width(page: Page, chart: str) -> int:
    return int(page.locator(SVG.format(chart)).first.get_attribute("width"))


def test_charts_are_drawn_under_the_strict_csp_without_errors(page):
    problems = open_chart_page(page)
    timeliness = page.locator("#timeliness")
    # Two lines of six points (one missing: a gap), a legend; five bars (one missing).
    expect(timeliness.locator(".scatterlayer .trace")).to_have_count(2)
    expect(timeliness.locator(".scatterlayer .trace").first.locator(".point")).to_have_count(5)
    expect(timeliness.locator(".legend .traces")).to_have_count(2)
    lines = timeliness.locator(".scatterlayer .trace")
    expect(lines.first.locator(".js-line")).to_have_count(2)  # broken at the missing year
    expect(lines.last.locator(".js-line")).to_have_count(1)
    bar_widths = page.evaluate(
        """() => [...document.querySelectorAll("#needs .barlayer .point path")].map(
            (bar) => bar.getBBox().width)"""
    )
    assert len(bar_widths) == 6
    assert sum(width > 0 for width in bar_widths) == 5
    # plotly's CSS rules went into the style element that carries the nonce, and only there.
    styles = page.evaluate(
        """() => [...document.querySelectorAll("style")].map(
            (style) => [style.id, Boolean(style.nonce), style.sheet.cssRules.length])"""
    )
    assert len(styles) == 1
    assert styles[0][:2] == ["plotly.js-style-global", True]
    assert styles[0][2] > 0
    # The drawing is hidden from screen readers; the table carries the numbers.
    for plot in page.locator(".app-chart__plot").all():
        assert plot.get_attribute("aria-hidden") == "true"
        expect(plot).to_be_visible()
    expect(timeliness.get_by_role("table")).to_be_visible()
    expect(timeliness.get_by_role("row")).to_have_count(7)
    # Hovering over a year shows each value as a percentage with one decimal place.
    last_point = timeliness.locator(".scatterlayer .trace").first.locator(".point").last
    box = last_point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = timeliness.locator(".hoverlayer")
    expect(hover).to_contain_text("51.4%")
    expect(hover).to_contain_text("46.4%")
    assert page.evaluate("window.cspViolations") == []
    assert problems == []


def test_the_chart_page_is_accessible_and_reflows_at_320px(page):
    problems = open_chart_page(page)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = [
        f"{violation['id']} at {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
    ]
    assert violations == []
    page.set_viewport_size({"width": 320, "height": 800})
    page.wait_for_function(
        "(selector) => document.querySelector(selector).width.baseVal.value < 320",
        arg=SVG.format("needs"),
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert svg_width(page, "timeliness") <= 320
    assert page.evaluate("window.cspViolations") == []
    assert problems == []


def test_without_javascript_the_caption_and_table_show_and_the_empty_plot_does_not(
    browser, live_server
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/chart-test/")
    for chart in ("timeliness", "needs"):
        figure = page.locator(f"#{chart}")
        expect(figure.locator("figcaption")).to_be_visible()
        expect(figure.get_by_role("table")).to_be_visible()
        expect(figure.locator(".app-chart__plot")).to_be_hidden()
        expect(figure.get_by_role("link", name="Download these numbers (CSV)")).to_be_visible()
    expect(page.locator("svg.main-svg")).to_have_count(0)
    context.close()


def test_charts_fit_the_printed_page_and_the_tables_print(page):
    problems = open_chart_page(page)
    assert svg_width(page, "timeliness") > 640
    page.evaluate(
        """() => { window.printWidths = [];
        addEventListener("beforeprint", () => printWidths.push(
            document.querySelector("#timeliness svg.main-svg").getAttribute("width")));
        }"""
    )
    page.emulate_media(media="print")
    assert page.pdf(format="A4").startswith(b"%PDF")
    # Printing redrew the chart 640 px wide (A4 between the margins), and back afterwards.
    assert page.evaluate("printWidths") == ["640"]
    assert svg_width(page, "timeliness") > 640
    expect(page.locator("#timeliness table")).to_be_visible()
    expect(page.locator("#timeliness .app-chart__plot")).to_be_visible()
    expect(page.get_by_role("link", name="Download these numbers (CSV)").first).to_be_hidden()
    assert page.evaluate("window.cspViolations") == []
    assert problems == []


def test_the_download_link_downloads_the_numbers(page):
    open_chart_page(page)
    with page.expect_download() as download:
        page.locator("#needs").get_by_role("link", name="Download these numbers (CSV)").click()
    assert download.value.suggested_filename == "alphashire-plans-by-need.csv"
    lines = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert lines[1] == "Autistic spectrum disorder,1204,1388"
