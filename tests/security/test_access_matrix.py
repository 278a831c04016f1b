"""QUALITY.md S1: every route x every role x method matches the policy table.

The table classifies every named URL pattern. A route missing from it, or a
cell that differs from what the portal answers, fails the test. Forbidden
answers must not carry area A's data.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.models import Board, Organisation, RoleAssignment

OK = "ok"  # 2xx, or a redirect that is not to the sign-in page
LOGIN = "sign-in"  # redirect to the sign-in page with ?next=
FORBID = "403"
HIDDEN = "404"

ROLES = ["anonymous", "forum_member", "board_member", "commissioner", "area_admin", "other_area"]


@dataclass(frozen=True)
class Row:
    methods: str  # the methods the route accepts; any other answers 405 for everyone
    cells: tuple[str, str, str, str, str, str]  # in the order of ROLES


EVERYONE = (OK,) * 6
SIGNED_IN = (LOGIN, OK, OK, OK, OK, OK)
MEMBERS = (LOGIN, OK, OK, OK, OK, HIDDEN)
ADMINS = (LOGIN, FORBID, FORBID, FORBID, OK, HIDDEN)
EDITORS = (LOGIN, FORBID, FORBID, OK, FORBID, HIDDEN)  # commissioners edit plans
REFERENCE = (LOGIN, FORBID, FORBID, OK, OK, HIDDEN)  # commissioners and area admins
# DfE's national statistics: any area's commissioners and area admins import them.
IMPORTERS = (LOGIN, FORBID, FORBID, OK, OK, OK)
STAFF = (LOGIN, FORBID, OK, OK, OK, HIDDEN)  # commissioners, board members, area admins
# Giving feedback: the area's forum members; anyone once the area allows public feedback
# (tests/coproduction/test_submit_access.py walks these routes with it on).
FORUM = (LOGIN, OK, FORBID, FORBID, FORBID, HIDDEN)
# One person's own feedback: only the forum member who sent it; to anyone else it does not exist.
SENDER = (LOGIN, OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN)

# fmt: off
POLICY: dict[str, Row] = {
    #                                     anon   forum  board  comm   admin  other area
    "home":                      Row("GET", EVERYONE),
    "accessibility":             Row("GET", EVERYONE),
    "privacy":                   Row("GET", EVERYONE),
    "cookies":                   Row("GET", EVERYONE),
    "healthz":                   Row("GET", EVERYONE),
    "readyz":                    Row("GET", EVERYONE),
    "login":                     Row("GET POST", EVERYONE),
    "logout":                    Row("POST", EVERYONE),
    "password_reset":            Row("GET POST", EVERYONE),
    "password_reset_done":       Row("GET", EVERYONE),
    "password_reset_confirm":    Row("GET POST", EVERYONE),
    "password_reset_complete":   Row("GET", EVERYONE),
    "account":                   Row("GET", SIGNED_IN),
    "password_change":           Row("GET POST", SIGNED_IN),
    "password_change_done":      Row("GET", SIGNED_IN),
    "core:area-list":            Row("GET", SIGNED_IN),
    "core:area":                 Row("GET", EVERYONE),
    "core:organisation-list":    Row("GET", MEMBERS),
    "core:organisation-detail":  Row("GET", MEMBERS),
    "core:organisation-add":     Row("GET POST", ADMINS),
    "core:organisation-edit":    Row("GET POST", ADMINS),
    "core:organisation-delete":  Row("GET POST", ADMINS),
    "core:board-list":           Row("GET", MEMBERS),
    "core:board-detail":         Row("GET", MEMBERS),
    "core:board-add":            Row("GET POST", ADMINS),
    "core:board-edit":           Row("GET POST", ADMINS),
    "core:board-delete":         Row("GET POST", ADMINS),
    "core:people":               Row("GET", ADMINS),
    "core:person-add":           Row("GET POST", ADMINS),
    "core:person-role-remove":   Row("GET POST", ADMINS),
    # Approved plans are published: everyone reads them; commissioners edit.
    "commissioning:plans":           Row("GET", EVERYONE),
    "commissioning:plan":            Row("GET", EVERYONE),
    "commissioning:actions":         Row("GET", EVERYONE),
    "commissioning:plan-print":      Row("GET", EVERYONE),
    "commissioning:history":         Row("GET", MEMBERS),
    "commissioning:frameworks":      Row("GET", MEMBERS),
    "commissioning:framework-add":   Row("GET POST", REFERENCE),
    "commissioning:framework-edit":  Row("GET POST", REFERENCE),
    "commissioning:plan-compare":    Row("GET", MEMBERS),
    "commissioning:plan-approve":    Row("GET POST", EDITORS),
    "commissioning:action":          Row("GET", EVERYONE),
    "commissioning:plan-add":        Row("GET POST", EDITORS),
    "commissioning:plan-edit":       Row("GET POST", EDITORS),
    "commissioning:plan-delete":     Row("GET POST", EDITORS),
    "commissioning:priority-add":    Row("GET POST", EDITORS),
    "commissioning:priority-edit":   Row("GET POST", EDITORS),
    "commissioning:priority-move":   Row("POST", EDITORS),
    "commissioning:priority-delete": Row("GET POST", EDITORS),
    "commissioning:action-add":      Row("GET POST", EDITORS),
    "commissioning:action-edit":     Row("GET POST", EDITORS),
    "commissioning:action-delete":   Row("GET POST", EDITORS),
    "commissioning:action-move":     Row("POST", EDITORS),
    "commissioning:update-add":      Row("GET POST", EDITORS),
    "commissioning:update-edit":     Row("GET POST", EDITORS),
    "commissioning:update-delete":   Row("GET POST", EDITORS),
    "commissioning:lead-add":        Row("GET POST", EDITORS),
    "commissioning:lead-edit":       Row("GET POST", EDITORS),
    "commissioning:lead-delete":     Row("GET POST", EDITORS),
    "commissioning:measure-add":     Row("GET POST", EDITORS),
    "commissioning:measure-edit":    Row("GET POST", EDITORS),
    "commissioning:measure-delete":  Row("GET POST", EDITORS),
    # The services register is published: everyone reads it; commissioners edit.
    # Local JSNA indicators and comparators: the area's people read; commissioners
    # and area admins write. The read API publishes DfE's published figures to anyone.
    "needs:dashboard":               Row("GET", EVERYONE),
    "needs:dashboard-print":         Row("GET", EVERYONE),
    "needs:dashboard-csv":           Row("GET", EVERYONE),
    "needs:dashboard-xlsx":          Row("GET", EVERYONE),
    "needs:indicators":              Row("GET", MEMBERS),
    "needs:indicator-add":           Row("GET POST", REFERENCE),
    "needs:indicator-edit":          Row("GET POST", REFERENCE),
    "needs:indicator-delete":        Row("GET POST", REFERENCE),
    "needs:neighbours":              Row("GET", MEMBERS),
    "needs:neighbours-edit":         Row("GET POST", REFERENCE),
    "needs:api-figures":             Row("GET", EVERYONE),
    "needs:imports":                 Row("GET POST", IMPORTERS),
    # EHCP timeliness: the area's commissioners, board members and admins read;
    # commissioners and admins enter and import. Forum members see none of it yet.
    "ehcp:monthly":                  Row("GET", STAFF),
    "ehcp:monthly-edit":             Row("GET POST", REFERENCE),
    "ehcp:targets":                  Row("GET", STAFF),
    "ehcp:ledger":                   Row("GET", STAFF),
    "ehcp:imports":                  Row("GET POST", REFERENCE),
    "ehcp:import":                   Row("GET", REFERENCE),
    "ehcp:published":                Row("GET", EVERYONE),  # only what the area chose
    "ehcp:publish":                  Row("GET POST", REFERENCE),
    "ehcp:board-pack":               Row("GET", STAFF),
    "ehcp:board-pack-print":         Row("GET", STAFF),
    "ehcp:board-pack-html":          Row("GET", STAFF),
    "ehcp:board-pack-csv":           Row("GET", STAFF),
    "ehcp:timeliness":               Row("GET", STAFF),
    "ehcp:timeliness-csv":           Row("GET", STAFF),
    "ehcp:flight-board":             Row("GET", STAFF),
    "ehcp:forecast":                 Row("GET", STAFF),
    "ehcp:cases":                    Row("GET", REFERENCE),  # pseudonymised, for data quality
    "ehcp:target-add":               Row("GET POST", REFERENCE),
    "ehcp:target-delete":            Row("GET POST", REFERENCE),
    "needs:import":                  Row("GET", IMPORTERS),
    "needs:import-status":           Row("GET", IMPORTERS),
    "needs:import-report":           Row("GET", IMPORTERS),
    "needs:import-report-download":  Row("GET", IMPORTERS),
    # Giving feedback (area A has not opened it to the public: forum members only).
    "coproduction:feedback-start":                  Row("GET", FORUM),
    "coproduction:feedback-who":                    Row("GET POST", FORUM),
    "coproduction:feedback-about":                  Row("GET POST", FORUM),
    "coproduction:feedback-your-views":             Row("GET POST", FORUM),
    "coproduction:feedback-publishing":             Row("GET POST", FORUM),
    "coproduction:feedback-contact":                Row("GET POST", FORUM),
    "coproduction:feedback-contact-details":        Row("GET POST", FORUM),
    "coproduction:feedback-check":                  Row("GET POST", FORUM),
    "coproduction:feedback-sent":                   Row("GET", FORUM),
    "coproduction:feedback-young-start":            Row("GET", FORUM),
    "coproduction:feedback-young-feeling":          Row("GET POST", FORUM),
    "coproduction:feedback-young-good":             Row("GET POST", FORUM),
    "coproduction:feedback-young-not-good":         Row("GET POST", FORUM),
    "coproduction:feedback-young-better":           Row("GET POST", FORUM),
    "coproduction:feedback-young-share":            Row("GET POST", FORUM),
    "coproduction:feedback-young-contact":          Row("GET POST", FORUM),
    "coproduction:feedback-young-contact-details":  Row("GET POST", FORUM),
    "coproduction:feedback-young-check":            Row("GET POST", FORUM),
    "coproduction:feedback-young-sent":             Row("GET", FORUM),
    # You said, we did: anyone reads what the area published. Anyone signed in lists what they
    # sent in the area (their own only: none for the others here).
    "coproduction:you-said-we-did":                 Row("GET", EVERYONE),
    "coproduction:you-said-we-did-easy-read":       Row("GET", EVERYONE),
    "coproduction:you-said-we-did-counts-csv":      Row("GET", EVERYONE),
    "coproduction:you-said-we-did-item":            Row("GET", EVERYONE),
    "coproduction:your-feedback":                   Row("GET", SIGNED_IN),
    "coproduction:your-feedback-item":              Row("GET", SENDER),
    # Moderation: the area's commissioners and area admins; board members read the counts by
    # theme (numbers only). Forum members and the public never see the queue.
    "coproduction:moderation":                      Row("GET", REFERENCE),
    "coproduction:moderation-item":                 Row("GET POST", REFERENCE),
    "coproduction:moderation-publish":              Row("POST", REFERENCE),
    "coproduction:moderation-unpublish":            Row("POST", REFERENCE),
    "coproduction:moderation-flag":                 Row("POST", REFERENCE),
    "coproduction:moderation-delete":               Row("GET POST", ADMINS),
    "coproduction:moderation-trends":               Row("GET", STAFF),
    "coproduction:moderation-trends-csv":           Row("GET", STAFF),
    "coproduction:moderation-themes":               Row("GET", REFERENCE),
    "coproduction:moderation-theme-add":            Row("GET POST", REFERENCE),
    "coproduction:moderation-themes-charter":       Row("POST", REFERENCE),
    "coproduction:moderation-theme-edit":           Row("GET POST", REFERENCE),
    "coproduction:moderation-theme-move":           Row("POST", REFERENCE),
    "coproduction:moderation-theme-delete":         Row("GET POST", REFERENCE),
    "coproduction:moderation-settings":             Row("GET POST", ADMINS),
    "commissioning:services":        Row("GET", EVERYONE),
    "commissioning:service":         Row("GET", EVERYONE),
    "commissioning:service-add":     Row("GET POST", EDITORS),
    "commissioning:service-edit":    Row("GET POST", EDITORS),
    "commissioning:service-delete":  Row("GET POST", EDITORS),
}

#: Which object a route's ``pk`` names.
PK_OF = {
    "commissioning:plan": "plan", "commissioning:plan-edit": "plan",
    "commissioning:plan-delete": "plan",
    "commissioning:actions": "plan", "commissioning:plan-print": "plan",
    "commissioning:plan-compare": "plan", "commissioning:plan-approve": "plan",
    "commissioning:priority-add": "plan", "commissioning:action-add": "priority",
    "commissioning:update-add": "action", "commissioning:lead-add": "priority",
    "commissioning:measure-add": "priority", "commissioning:history": "action",
    "ehcp:import": "case_import",
    "coproduction:you-said-we-did-item": "published_feedback",
    "coproduction:your-feedback-item": "own_feedback",
    "coproduction:moderation-item": "published_feedback",
    "coproduction:moderation-publish": "published_feedback",
    "coproduction:moderation-unpublish": "published_feedback",
    "coproduction:moderation-flag": "published_feedback",
    "coproduction:moderation-delete": "published_feedback",
    "coproduction:moderation-theme-edit": "theme", "coproduction:moderation-theme-move": "theme",
    "coproduction:moderation-theme-delete": "theme",
}  # fmt: skip
# fmt: on

UNDECLARED = ["PUT", "PATCH", "DELETE", "TRACE", "OPTIONS"]


def url_patterns(resolver=None, namespace=""):
    """(name, pattern) for every named route of the URLconf."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


ROUTES = dict(url_patterns())


def test_policy_classifies_every_route_and_nothing_else():
    assert set(ROUTES) - set(POLICY) == set(), "routes missing from the policy table"
    assert set(POLICY) - set(ROUTES) == set(), "policy rows for routes that do not exist"


def build_url(name: str, area, pks) -> str:
    kwargs = {}
    for param in ROUTES[name].pattern.converters:
        if param == "area":
            kwargs[param] = area.slug
        elif param == "pk":
            kinds = ("organisation", "board", "person", "priority", "action", "service", "lead",
                     "measure", "update", "framework", "import", "indicator",
                     "target")  # fmt: skip
            kind = PK_OF.get(name) or next(k for k in kinds if k in name)
            kwargs[param] = pks[kind]
        elif param == "kind":
            kwargs[param] = "action"
        elif param == "fmt":
            kwargs[param] = "csv"
        elif param == "year":
            kwargs[param] = 2021
        elif param == "month":
            kwargs[param] = 3
        elif param == "chart":
            kwargs[param] = "requests" if name.startswith("ehcp:") else "plans-over-time"
        else:  # uidb64, token of a password reset link
            kwargs[param] = "MQ" if param == "uidb64" else "not-a-token"
    return reverse(name, kwargs=kwargs)


def outcome(response) -> str:
    if response.status_code in {403, 404, 405}:
        return str(response.status_code)
    if response.status_code in {301, 302}:
        location = response["Location"]
        return LOGIN if location.startswith(reverse("login") + "?next=") else OK
    if 200 <= response.status_code < 300:
        return OK
    return str(response.status_code)


def counts():
    return (Organisation.objects.count(), Board.objects.count(), RoleAssignment.objects.count())


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(POLICY))
def test_access_matrix(name, role, world, client):
    area, pks, secrets, users = world
    row = POLICY[name]
    expected = row.cells[ROLES.index(role)]
    if role != "anonymous":
        client.force_login(getattr(users, role))
    url = build_url(name, area, pks)
    allowed = row.methods.split()

    for method in ["GET", "HEAD", "POST", *UNDECLARED]:
        declared = method in allowed or (method == "HEAD" and "GET" in allowed)
        before = counts()
        response = client.generic(method, url)
        got = outcome(response)
        want = expected if declared else "405"
        assert got == want, f"{method} {url} as {role}: got {got}, policy says {want}"
        if want != OK:
            body = response.content.decode(errors="replace")
            leaked = [secret for secret in secrets if secret in body]
            assert not leaked, f"{method} {url} as {role} leaked {leaked}"
            assert counts() == before, f"{method} {url} as {role} changed data"
