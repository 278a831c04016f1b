"""QUALITY.md A1 and A4: axe-core on every page type x role (empty, filled and error states),
no horizontal scrolling at 320 px, and a screenshot of each page type in docs/screenshots/.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.template.loader import render_to_string
from django.utils import timezone
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from commissioning import services
from core.models import Role
from tests.browser.conftest import SCREENSHOTS, sign_in
from tests.factories import (
    ActionFactory,
    AreaFactory,
    BoardFactory,
    CaseImportFactory,
    ConsistencyIssueFactory,
    DeliveryUpdateFactory,
    FeedbackContactFactory,
    FeedbackFactory,
    GeographyFactory,
    ImportJobFactory,
    LocalIndicatorFactory,
    MonthlyFigureFactory,
    RagSnapshotFactory,
    ServiceFundingFactory,
    SourceFileFactory,
    TargetFactory,
    ThemeFactory,
    UserFactory,
    user_with_role,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ANON, FORUM, BOARD, COMM, ADMIN, NOBODY = (
    "anonymous", "forum_member", "board_member", "commissioner", "area_admin", "no_role",
)  # fmt: skip
MEMBERS = [ADMIN, FORUM, BOARD, COMM]


def submit(page: Page) -> None:
    page.locator("#main-form button[type=submit]").click()
    page.wait_for_load_state()


def clear_and_submit(page: Page) -> None:
    """Clear the title, give an impossible date and progress: every kind of error at once."""
    page.get_by_label("What we need to do").fill("")
    page.locator("#id_due_on_1").fill("13")
    page.get_by_label("Progress (%)").fill("150")
    page.get_by_label("Red").check()
    submit(page)


def fill_measure_wrongly(page: Page) -> None:
    page.get_by_label("Target (optional)").fill("sixty")
    submit(page)


def fill_monthly_wrongly(page: Page) -> None:
    page.get_by_label("Children missing education", exact=True).fill("forty")
    submit(page)


def fill_sign_in_wrongly(page: Page) -> None:
    page.get_by_label("Email address").fill("not-an-email-address")
    submit(page)


def fill_feedback_too_long(page: Page) -> None:
    page.get_by_label("What is not working?").fill("Waiting. " * 600)
    submit(page)


def walk_feedback(page: Page) -> None:
    """Answer every step of the adult feedback form; stop on the check page."""
    page.get_by_label("Parent or carer").check()
    submit(page)
    submit(page)  # about: left as it is
    page.get_by_label("What is not working?").fill("Waiting <b>months</b> 😢 الانتظار طويل")
    submit(page)
    page.get_by_label("Yes, you may publish it without my name").check()
    submit(page)
    page.get_by_label("Yes", exact=True).check()
    submit(page)
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Both").check()
    submit(page)


def send_feedback(page: Page) -> None:
    walk_feedback(page)
    submit(page)


def walk_young_feedback(page: Page) -> None:
    page.get_by_label("Happy").check()
    submit(page)
    page.get_by_label("What is good?").fill("My teaching assistant 😊")
    submit(page)
    submit(page)  # what is not good: skipped
    submit(page)  # what would make things better: skipped
    page.get_by_label("Yes, you can share it").check()
    submit(page)
    page.get_by_label("No", exact=True).check()
    submit(page)


def send_young_feedback(page: Page) -> None:
    walk_young_feedback(page)
    submit(page)


def choose_not_possible(page: Page) -> None:
    """Moderation: "not possible" without a reason, and a response too long."""
    page.get_by_label("Not possible", exact=True).check()
    page.get_by_label("What we did (we did)").fill("Done. " * 1000)
    page.locator("#main-form button[type=submit]").click()
    page.wait_for_load_state()


def save_stale(page: Page) -> None:
    """Moderation: save a version someone else has changed since: the conflict page."""
    page.locator("input[name=seen_version]").evaluate("input => input.value = '0'")
    page.get_by_label("What we did (we did)").fill("We opened a Saturday clinic")
    page.locator("#main-form button[type=submit]").click()
    page.wait_for_load_state()


@dataclass
class PageType:
    name: str
    path: str  # may contain {org}, {board}, {role}
    roles: list[str]  # the first role's view is the one screenshotted
    action: Callable[[Page], None] | None = None
    status: int = 200
    setup: dict = field(default_factory=dict)


PAGE_TYPES = [
    PageType("home", "/", [ANON, COMM, NOBODY]),
    PageType("sign-in", "/account/sign-in/", [ANON]),
    PageType("sign-in-error", "/account/sign-in/", [ANON], submit),
    PageType("sign-in-error-filled", "/account/sign-in/", [ANON], fill_sign_in_wrongly),
    PageType("password-reset", "/account/password/reset/", [ANON]),
    PageType("password-reset-error", "/account/password/reset/", [ANON], submit),
    PageType("password-reset-sent", "/account/password/reset/sent/", [ANON]),
    PageType("password-reset-expired-link", "/account/password/reset/MQ/expired/", [ANON]),
    PageType("password-reset-complete", "/account/password/reset/done/", [ANON]),
    PageType("accessibility-statement", "/accessibility/", [ANON, FORUM]),
    PageType("privacy-notice", "/privacy/", [ANON, FORUM]),
    PageType("cookies", "/cookies/", [ANON, FORUM]),
    PageType("area-overview", "/areas/alphashire/", [COMM, ANON, FORUM, BOARD, ADMIN]),
    PageType("your-areas", "/areas/", [COMM, FORUM, BOARD, ADMIN]),
    PageType("your-areas-empty", "/areas/", [NOBODY]),
    PageType("account", "/account/", [BOARD, COMM, FORUM, ADMIN, NOBODY]),
    PageType("password-change", "/account/password/change/", [BOARD]),
    PageType("password-change-error", "/account/password/change/", [BOARD], submit),
    PageType("password-changed", "/account/password/change/done/", [BOARD]),
    PageType("organisations", "/areas/alphashire/organisations/", [ADMIN, *MEMBERS[1:]]),
    PageType("organisations-empty", "/areas/gammashire/organisations/", [ADMIN]),
    PageType("organisation", "/areas/alphashire/organisations/{org}/", MEMBERS),
    PageType("organisation-add", "/areas/alphashire/organisations/add/", [ADMIN]),
    PageType("organisation-add-error", "/areas/alphashire/organisations/add/", [ADMIN], submit),
    PageType("organisation-edit", "/areas/alphashire/organisations/{org}/edit/", [ADMIN]),
    PageType("organisation-delete", "/areas/alphashire/organisations/{org}/delete/", [ADMIN]),
    PageType("boards", "/areas/alphashire/boards/", MEMBERS),
    PageType("boards-empty", "/areas/gammashire/boards/", [ADMIN]),
    PageType("board", "/areas/alphashire/boards/{board}/", MEMBERS),
    PageType("board-add-error", "/areas/alphashire/boards/add/", [ADMIN], submit),
    PageType("board-edit", "/areas/alphashire/boards/{board}/edit/", [ADMIN]),
    PageType("people", "/areas/alphashire/people/", [ADMIN]),
    PageType("person-add", "/areas/alphashire/people/add/", [ADMIN]),
    PageType("person-add-error", "/areas/alphashire/people/add/", [ADMIN], submit),
    PageType("role-remove", "/areas/alphashire/people/roles/{role}/remove/", [ADMIN]),
    PageType("plans", "/areas/alphashire/plans/", [COMM, ANON, FORUM, BOARD, ADMIN]),
    PageType("plans-empty", "/areas/gammashire/plans/", [ADMIN]),
    PageType("plan", "/areas/alphashire/plans/{plan}/", [COMM, ANON, FORUM, BOARD, ADMIN]),
    PageType("plan-add-error", "/areas/alphashire/plans/add/", [COMM], submit),
    PageType("plan-edit", "/areas/alphashire/plans/{plan}/edit/", [COMM]),
    PageType(
        "priority-add-error", "/areas/alphashire/plans/{plan}/priorities/add/", [COMM], submit
    ),
    PageType("priority-edit", "/areas/alphashire/priorities/{priority}/edit/", [COMM]),
    PageType("priority-delete", "/areas/alphashire/priorities/{priority}/delete/", [COMM]),
    PageType("action", "/areas/alphashire/actions/{action}/", [COMM, ANON, FORUM]),
    PageType("actions", "/areas/alphashire/plans/{plan}/actions/", [COMM, ANON, BOARD]),
    PageType("actions-filter-error", "/areas/alphashire/plans/{plan}/actions/?status=x", [COMM]),
    PageType("action-add", "/areas/alphashire/priorities/{priority}/actions/add/", [COMM]),
    PageType(
        "action-edit-error", "/areas/alphashire/actions/{action}/edit/", [COMM], clear_and_submit
    ),
    PageType(
        "delivery-update-error", "/areas/alphashire/actions/{action}/updates/add/", [COMM], submit
    ),
    PageType(
        "lead-add-error", "/areas/alphashire/priorities/{priority}/leads/add/", [COMM], submit
    ),
    PageType(
        "measure-add-error",
        "/areas/alphashire/priorities/{priority}/measures/add/",
        [COMM],
        fill_measure_wrongly,
    ),
    PageType("outcomes-frameworks", "/areas/alphashire/outcomes/", [ADMIN, FORUM]),
    PageType("outcomes-framework-add-error", "/areas/alphashire/outcomes/add/", [ADMIN], submit),
    PageType("history", "/areas/alphashire/history/action/{action}/", [COMM, FORUM]),
    PageType("plan-approve-error", "/areas/alphashire/plans/{plan}/approve/", [COMM], submit),
    PageType("plan-compare", "/areas/alphashire/plans/{plan}/compare/", [BOARD, COMM, FORUM]),
    PageType("plan-print", "/areas/alphashire/plans/{plan}/print/", [BOARD, ANON]),
    PageType("services", "/areas/alphashire/services/", [COMM, ANON, BOARD]),
    PageType("services-empty", "/areas/gammashire/services/", [ADMIN]),
    PageType("service", "/areas/alphashire/services/{service}/", [COMM, ANON]),
    PageType("service-add-error", "/areas/alphashire/services/add/", [COMM], submit),
    PageType("service-edit", "/areas/alphashire/services/{service}/edit/", [COMM]),
    PageType("needs-dashboard-empty", "/areas/alphashire/needs/", [ANON, BOARD]),
    PageType("needs-dashboard-print-empty", "/areas/alphashire/needs/print/", [COMM]),
    PageType("indicators", "/areas/alphashire/needs/indicators/", [COMM, FORUM, BOARD]),
    PageType("indicator-add-error", "/areas/alphashire/needs/indicators/add/", [COMM], submit),
    PageType("indicator-edit", "/areas/alphashire/needs/indicators/{indicator}/edit/", [ADMIN]),
    PageType("indicator-delete", "/areas/alphashire/needs/indicators/{indicator}/delete/", [COMM]),
    PageType("neighbours", "/areas/alphashire/needs/neighbours/", [BOARD, COMM]),
    PageType("neighbours-edit", "/areas/alphashire/needs/neighbours/edit/", [COMM]),
    PageType("ehcp-monthly", "/areas/alphashire/ehcp/monthly/?to=2021-03", [BOARD, COMM]),
    PageType("ehcp-monthly-bad-month", "/areas/alphashire/ehcp/monthly/?to=March", [COMM]),
    PageType("ehcp-monthly-edit", "/areas/alphashire/ehcp/monthly/2021-3/", [COMM]),
    PageType(
        "ehcp-monthly-edit-error",
        "/areas/alphashire/ehcp/monthly/2021-3/",
        [ADMIN],
        fill_monthly_wrongly,
    ),
    PageType("ehcp-imports", "/areas/alphashire/ehcp/imports/", [COMM, ADMIN]),
    PageType("ehcp-imports-error", "/areas/alphashire/ehcp/imports/", [COMM], submit),
    PageType("ehcp-import-failed", "/areas/alphashire/ehcp/imports/{case_import}/", [ADMIN]),
    PageType("ehcp-timeliness-empty", "/areas/alphashire/ehcp/", [BOARD, ADMIN]),
    PageType("ehcp-flight-board-empty", "/areas/alphashire/ehcp/flight-board/", [COMM]),
    PageType("ehcp-forecast-empty", "/areas/alphashire/ehcp/forecast/", [COMM]),
    PageType("ehcp-cases-empty", "/areas/alphashire/ehcp/cases/", [COMM]),
    PageType("ehcp-ledger-empty", "/areas/alphashire/ehcp/ledger/", [BOARD]),
    PageType("ehcp-board-pack-empty", "/areas/alphashire/ehcp/board-pack/", [BOARD]),
    PageType("ehcp-board-pack-bad-month", "/areas/alphashire/ehcp/board-pack/?to=x", [COMM]),
    PageType("ehcp-published", "/areas/alphashire/ehcp/published/", [ANON, COMM]),
    PageType("ehcp-publish", "/areas/alphashire/ehcp/published/choose/", [ADMIN]),
    PageType("ehcp-targets", "/areas/alphashire/ehcp/targets/", [COMM, BOARD]),
    PageType("ehcp-target-add-error", "/areas/alphashire/ehcp/targets/add/", [ADMIN], submit),
    PageType("ehcp-target-delete", "/areas/alphashire/ehcp/targets/{target}/delete/", [COMM]),
    PageType("imports", "/needs/imports/", [COMM, ADMIN]),
    PageType("imports-error", "/needs/imports/", [COMM], submit),
    PageType("import-done", "/needs/imports/{job_done}/", [COMM]),
    PageType("import-failed", "/needs/imports/{job_failed}/", [COMM]),
    PageType("import-running", "/needs/imports/{job_running}/", [ADMIN]),
    PageType("import-report", "/needs/imports/{job_done}/report/", [COMM]),
    PageType("feedback-start", "/areas/alphashire/feedback/", [FORUM]),
    PageType("feedback-who-error", "/areas/alphashire/feedback/who/", [FORUM], submit),
    PageType("feedback-about", "/areas/alphashire/feedback/about/", [FORUM]),
    PageType("feedback-views-error", "/areas/alphashire/feedback/your-views/", [FORUM], submit),
    PageType(
        "feedback-views-too-long",
        "/areas/alphashire/feedback/your-views/",
        [FORUM],
        fill_feedback_too_long,
    ),
    PageType("feedback-publishing", "/areas/alphashire/feedback/publishing/", [FORUM]),
    PageType("feedback-contact-error", "/areas/alphashire/feedback/contact/", [FORUM], submit),
    PageType(
        "feedback-contact-details-error",
        "/areas/alphashire/feedback/contact-details/",
        [FORUM],
        submit,
    ),
    PageType("feedback-check", "/areas/alphashire/feedback/who/", [FORUM], walk_feedback),
    PageType("feedback-sent", "/areas/alphashire/feedback/who/", [FORUM], send_feedback),
    PageType("feedback-young-start", "/areas/alphashire/feedback/young-people/", [FORUM]),
    PageType("feedback-young-feeling", "/areas/alphashire/feedback/young-people/feeling/", [FORUM]),
    PageType(
        "feedback-young-better-error",
        "/areas/alphashire/feedback/young-people/better/",
        [FORUM],
        submit,
    ),
    PageType(
        "feedback-young-share-error",
        "/areas/alphashire/feedback/young-people/share/",
        [FORUM],
        submit,
    ),
    PageType(
        "feedback-young-check",
        "/areas/alphashire/feedback/young-people/feeling/",
        [FORUM],
        walk_young_feedback,
    ),
    PageType(
        "feedback-young-sent",
        "/areas/alphashire/feedback/young-people/feeling/",
        [FORUM],
        send_young_feedback,
    ),
    PageType("moderation-queue", "/areas/alphashire/co-production/feedback/", [COMM, ADMIN]),
    PageType("moderation-queue-empty", "/areas/gammashire/co-production/feedback/", [ADMIN]),
    PageType(
        "moderation-queue-filter-error",
        "/areas/alphashire/co-production/feedback/?received_from_0=40&status=x",
        [COMM],
    ),
    PageType(
        "moderation-item", "/areas/alphashire/co-production/feedback/{feedback}/", [COMM, ADMIN]
    ),
    PageType(
        "moderation-item-error",
        "/areas/alphashire/co-production/feedback/{feedback}/",
        [COMM],
        choose_not_possible,
    ),
    PageType(
        "moderation-conflict",
        "/areas/alphashire/co-production/feedback/{feedback}/",
        [COMM],
        save_stale,
    ),
    PageType(
        "moderation-item-safeguarding",
        "/areas/alphashire/co-production/feedback/{flagged}/",
        [ADMIN],
    ),
    PageType(
        "moderation-item-restricted", "/areas/alphashire/co-production/feedback/{flagged}/", [COMM]
    ),
    PageType(
        "moderation-delete", "/areas/alphashire/co-production/feedback/{flagged}/delete/", [ADMIN]
    ),
    PageType("moderation-themes", "/areas/alphashire/co-production/themes/", [COMM, ADMIN]),
    PageType("moderation-themes-empty", "/areas/gammashire/co-production/themes/", [ADMIN]),
    PageType(
        "moderation-theme-add-error", "/areas/alphashire/co-production/themes/add/", [ADMIN], submit
    ),
    PageType(
        "moderation-theme-delete", "/areas/alphashire/co-production/themes/{theme}/delete/", [COMM]
    ),
    PageType("moderation-trends", "/areas/alphashire/co-production/trends/", [BOARD, COMM]),
    PageType("moderation-settings", "/areas/alphashire/co-production/settings/", [ADMIN]),
    PageType("moderation-trends-empty", "/areas/gammashire/co-production/trends/", [ADMIN]),
    PageType("you-said-we-did", "/areas/alphashire/you-said-we-did/", [ANON, FORUM, COMM]),
    PageType("you-said-we-did-empty", "/areas/gammashire/you-said-we-did/", [ANON]),
    PageType("you-said-we-did-filter-error", "/areas/alphashire/you-said-we-did/?theme=x", [ANON]),
    PageType(
        "you-said-we-did-easy-read", "/areas/alphashire/you-said-we-did/easy-read/", [ANON, FORUM]
    ),
    PageType(
        "you-said-we-did-easy-read-error",
        "/areas/alphashire/you-said-we-did/easy-read/?status=x",
        [ANON],
    ),
    PageType(
        "you-said-we-did-item",
        "/areas/alphashire/you-said-we-did/{published_feedback}/",
        [ANON, COMM],
    ),
    PageType("your-feedback", "/areas/alphashire/your-feedback/", [FORUM]),
    PageType("your-feedback-empty", "/areas/alphashire/your-feedback/", [BOARD]),
    PageType("your-feedback-item", "/areas/alphashire/your-feedback/{own_feedback}/", [FORUM]),
    PageType("forbidden-403", "/areas/alphashire/people/", [FORUM, BOARD, COMM], status=403),
    PageType("not-found-404", "/areas/alphashire/no-such-page/", [ANON, COMM], status=404),
]
ROLES = [ANON, FORUM, BOARD, COMM, ADMIN, NOBODY]


@pytest.fixture
def world(area_a, users, objects_of):
    gamma = AreaFactory(name="Gammashire", slug="gammashire")
    users.area_admin.role_assignments.create(area=gamma, role=Role.AREA_ADMIN)
    BoardFactory(area=area_a, name="Alphashire Task Group", accountable_to=objects_of.a.board)
    users.no_role = UserFactory()
    removable = user_with_role(area_a, Role.BOARD_MEMBER).role_assignments.get()
    action = ActionFactory(priority__plan__area=area_a, priority__plan__title="Alphashire plan")
    DeliveryUpdateFactory(action=action, evidence="Signed off by the group")
    RagSnapshotFactory(action=action)
    services.approve_version(plan=action.priority.plan, board=objects_of.a.board,
                             approved_on=date(2024, 6, 1), recorded_by=None)  # fmt: skip
    action.progress = 95
    action.save()
    values = {
        "org": objects_of.a.organisation.pk,
        "board": objects_of.a.board.pk,
        "role": removable.pk,
        "plan": action.priority.plan.pk,
        "priority": action.priority.pk,
        "action": action.pk,
        "service": ServiceFundingFactory(
            service__area=area_a, organisation=objects_of.a.organisation
        ).service.pk,
    }
    values.update(import_jobs())
    MonthlyFigureFactory(area=area_a, month=date(2021, 3, 1), measure="cme_all", value=41)
    values["target"] = TargetFactory(area=area_a).pk
    values["case_import"] = CaseImportFactory(
        area=area_a,
        status="failed",
        errors=[
            {"file": "requests.csv", "module": "requests", "row": 7, "field": "receiveddate",
             "message": "Enter a date like 2021-03-31"},
        ],
    ).pk  # fmt: skip
    TargetFactory(area=area_a, due=date(2022, 12, 31), value=90)
    values["indicator"] = LocalIndicatorFactory(
        area=area_a, name="Children on the register of disabled children", notes="Counted in March"
    ).pk
    values.update(moderation_items(area_a, action))
    values.update(public_items(area_a, action, users.forum_member))
    for code, name in [("E10000020", "Norfolk"), ("E10000024", "Nottinghamshire")]:
        GeographyFactory(code=code, name=name, last_year=2025)
    return users, values


def moderation_items(area, action) -> dict:
    """Feedback with themes, links and contact details; a flagged item; charter values."""
    from coproduction import moderation
    from core.access import AreaAccess

    access = AreaAccess(area=area, roles=frozenset({Role.AREA_ADMIN}))
    moderation.add_charter_values(access=access, actor=None)
    theme = ThemeFactory(area=area, name="Waiting times", description="Assessments and plans")
    unused = ThemeFactory(area=area, name="Transport")
    contact = FeedbackContactFactory(
        feedback__area=area,
        feedback__not_working="We waited eleven months for the assessment انتظار",
    )
    feedback = contact.feedback
    feedback.themes.add(theme)
    feedback.linked_priorities.add(action.priority)
    feedback.linked_actions.add(action)
    flagged = FeedbackFactory(area=area, is_safeguarding=True, safeguarding_reason="feeling unsafe")
    FeedbackFactory(area=area, public_text="Waiting", response="We hired assessors",
                    published_at=timezone.now()).themes.add(theme)  # fmt: skip
    return {"feedback": feedback.pk, "flagged": flagged.pk, "theme": unused.pk}


def public_items(area, action, forum_member) -> dict:
    """For "you said, we did": a forum member's published item with a response, its theme and
    the action taken, and five more of the theme so that its count is shown."""
    keyworkers = ThemeFactory(area=area, name="Keyworkers")
    own = FeedbackFactory(
        area=area,
        submitted_by=forum_member,
        public_text="Families tell their story again and again. They want one keyworker.",
        response="Every family with complex needs now has a named keyworker.",
        published_at=timezone.now(),
        status="action_linked",
    )
    own.themes.add(keyworkers)
    own.linked_actions.add(action)
    own.linked_priorities.add(action.priority)
    for n in range(5):
        FeedbackFactory(area=area, public_text=f"The keyworker changed {n + 2} times",
                        response="We now tell families first", published_at=timezone.now(),
                        status="done").themes.add(keyworkers)  # fmt: skip
    return {"published_feedback": own.pk, "own_feedback": own.pk}


def import_jobs() -> dict:
    done = ImportJobFactory(
        status="done",
        progress=100,
        stage="Imported 753,855 figures into Education health and care plans, 2025",
        summary=[
            {"file": "data/caseload.csv", "kind": "caseload", "description": "EHC plans",
             "rows": 25339, "figures": 177373, "skipped": "", "notes": []},
            {"file": "data/assessments.csv", "kind": "", "description": "", "rows": 0,
             "figures": 0, "skipped": "The portal keeps no measure from this file", "notes": []},
        ],
    )  # fmt: skip
    SourceFileFactory(job=done)
    ConsistencyIssueFactory.create_batch(3, job=done)
    ConsistencyIssueFactory(job=done, kind="suppression", unpublished_children=2)
    failed = ImportJobFactory(
        status="failed",
        errors=[
            {"file": "data/caseload.csv", "row": 12, "column": "ehcplans",
             "message": "'lots' is not a number (or c, x or z)"},
            {"file": "data/caseload.csv", "row": 1, "column": "fe_total",
             "message": "The column is missing"},
        ],
    )  # fmt: skip
    running = ImportJobFactory(status="running", progress=40, stage="Reading data/caseload.csv")
    return {"job_done": done.pk, "job_failed": failed.pk, "job_running": running.pk}


#: True once every drawn chart (static/js/charts.js) is no wider than the window.
CHARTS_FIT = """() => [...document.querySelectorAll("[data-app-chart] svg.main-svg")]
    .every(svg => svg.getBoundingClientRect().width <= window.innerWidth)"""


def check_page(page: Page, axe: Axe, label: str, screenshot: str | None) -> list[str]:
    """Run axe and the 320 px reflow check on the page as it is; return the problems."""
    problems = []
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    for violation in results.response["violations"]:
        targets = [node["target"] for node in violation["nodes"]][:3]
        problems.append(f"{label}: axe {violation['id']} ({violation['impact']}) at {targets}")
    if screenshot:
        page.screenshot(path=SCREENSHOTS / f"{screenshot}.png", full_page=True)
    page.set_viewport_size({"width": 320, "height": 800})
    # plotly.js redraws a chart for the new width after a short debounce: wait for it (a
    # chart that never fits is then measured, and reported, like any other overflow).
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(CHARTS_FIT, timeout=5_000)
    # Measure after two animation frames, once resize handlers and layout have settled.
    overflow = page.evaluate(
        """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
            () => done(document.documentElement.scrollWidth - window.innerWidth))))"""
    )
    if overflow > 0:
        problems.append(f"{label}: scrolls sideways by {overflow}px at 320 px wide")
    if screenshot:
        page.screenshot(path=SCREENSHOTS / "320px" / f"{screenshot}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_page_type_is_accessible(role, page, world):
    users, values = world
    (SCREENSHOTS / "320px").mkdir(parents=True, exist_ok=True)
    if role != ANON:
        sign_in(page, getattr(users, role).email)
    axe = Axe()
    problems, checked = [], 0
    for page_type in PAGE_TYPES:
        if role not in page_type.roles:
            continue
        response = page.goto(page_type.path.format(**values))
        assert response.status == page_type.status, (page_type.name, response.status)
        if page_type.action:
            page_type.action(page)
        first = page_type.roles[0] == role
        label = f"{page_type.name} as {role}"
        problems += check_page(page, axe, label, page_type.name if first else None)
        checked += 1
    assert checked > 0
    assert problems == [], "\n".join(problems)


def test_error_pages_rendered_without_a_request_are_accessible(page):
    """500, 503 and the locked-out page are rendered outside the normal flow."""
    axe = Axe()
    problems = []
    page.goto("/healthz")  # so /static/ resolves against the live server
    for name, template, context in [
        ("server-error-500", "errors/500.html", {"reference": "3F2A9C1B7D0E"}),
        ("unavailable-503", "errors/503.html", {}),
    ]:
        page.set_content(render_to_string(template, context))
        problems += check_page(page, axe, name, name)
    for attempt in range(11):
        sign_in(page, "locked@example.org", f"wrong-{attempt}")
    assert "Your account is locked" in page.content()
    problems += check_page(page, axe, "locked-out", "locked-out")
    assert problems == [], "\n".join(problems)
