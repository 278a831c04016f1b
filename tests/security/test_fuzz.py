"""Bad input (QUALITY.md S8): every form and query parameter, 500 generated inputs each.

Must hold for every input: no 5xx; a refused form comes back (200) with the GOV.UK error
summary linking to each field that has an error; a redirect (302) only to a local path.

Values are posted as raw ``application/x-www-form-urlencoded`` bytes (``surrogatepass``), so
lone surrogates reach the server as invalid UTF-8, as a hostile client would send them.
Half the examples keep every field valid but one (or all), so that the code behind a valid
form (the services, the database) gets odd-but-valid values too.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.models import Board, BoardKind, Organisation, OrganisationKind, Role
from tests.factories import PASSWORD, BoardFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

fuzz = hypothesis_settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

# --- Inputs -----------------------------------------------------------------------------------

#: The longest address with a non-ASCII domain that the email fields accept (254 characters).
LONG_IDN_EMAIL = "a@" + ".".join(["İ" * 63] * 3) + "." + "İ" * 60

NASTY = [
    "",
    " ",
    "\t\r\n \u00a0\u2003\u3000",
    "\x00",
    "a\x00b",
    "\ud800",
    "a\udfffb",
    "\u202e",
    "\u200f\u202b\u05e9\u05dc\u05d5\u05dd",
    "\ufeff",
    "😀",
    "👩‍👩‍👧‍👦" * 50,
    "x" * 10000,
    "\x00" * 10000,
    "😀" * 10000,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% now 'Y' %}",
    "' OR 1=1 --",
    "'; DROP TABLE core_user; --",
    "%00%27%22",
    "=1+2",
    "@SUM(1+1)",
    "-1",
    "0",
    "1.5",
    "1e400",
    "NaN",
    "１２３",
    "99999999999999999999",
    "-99999999999999999999999999999999999999",
    "9" * 5000,
    "İ" * 300,
    "ß" * 200,
    "ﬀ" * 200,
    "a@b",
    "nobody@example.org",
    "NOBODY@EXAMPLE.ORG ",
    "x" * 245 + "@example.org",
    LONG_IDN_EMAIL,
    "a@" + "😀" * 60 + ".com",
    "../../../etc/passwd",
    "\\\\evil.example\\share",
]

#: Every code point, lone surrogates included (st.characters leaves out category Cs by default).
any_char = st.one_of(
    st.characters(codec=None, exclude_categories=()),
    st.characters(categories=["Cs"]),
    st.sampled_from("\x00\u202e\u200f\u2028\ufffd\t\n\r <>&'\"%@.;-=+İ😀"),
)
nasty = st.sampled_from(NASTY)
number = st.integers(min_value=-(10**40), max_value=10**40).map(str)


def run(chars: st.SearchStrategy[str], lengths) -> st.SearchStrategy[str]:
    """One character repeated: long values without drawing every character."""
    return st.builds(lambda char, n: char * n, chars, lengths)


long_run = run(any_char, st.sampled_from([41, 151, 201, 255, 10000]))
piece = st.one_of(nasty, number, st.text(any_char, max_size=8))
#: Random text, fixed nasty strings, numbers and long runs, and pieces of them joined.
text = st.one_of(
    st.text(any_char, max_size=20),
    st.text(any_char, max_size=20),
    nasty,
    nasty,
    number,
    long_run,
    st.lists(piece, max_size=4).map("".join),
    st.lists(piece, max_size=4).map("".join),
)

#: Unusual but well-formed: any letters, marks, emoji, right-to-left text; no NUL.
odd_char = st.one_of(
    st.characters(codec=None, exclude_categories=(), exclude_characters="\x00"),
    st.characters(categories=["Cs"]),
    st.sampled_from("\u202e\u200f\ufffdİ😀"),
)
odd_name = st.builds(
    "{}{}{}".format,
    st.characters(categories=["L", "N", "S"]),  # not blank
    st.text(odd_char, max_size=12),
    st.one_of(st.just(""), run(odd_char, st.integers(1, 190))),
)
email_char = st.sampled_from("abz09-İßéжש😀")
email_label = st.builds(
    "{}{}".format, st.text(email_char, min_size=1, max_size=4), run(email_char, st.integers(0, 59))
)
odd_email = st.builds(
    "{}{}@{}.{}".format,
    st.text(st.sampled_from("az09.!#$%&'*+/=?^_`{|}~-"), min_size=1, max_size=8),
    run(st.sampled_from("az09"), st.integers(0, 56)),
    st.lists(email_label, min_size=1, max_size=3).map(".".join),
    st.sampled_from(["org", "uk", "İİ", "рф", "xn--p1ai"]),
)


#: Placeholders in the valid and bad values, replaced by each test with real values.
OWN, OTHER_AREA, ITSELF = "{own}", "{other_area}", "{itself}"
EXISTING, EXISTING_CAPS = "{existing}", "{EXISTING}"  # a user's email address, as is or in capitals


def fill_in(data: dict, placeholders: dict[str, str]) -> dict:
    return {name: placeholders.get(value, value) for name, value in data.items()}


def form_data(valid: dict, bad: dict | None = None) -> st.SearchStrategy[dict]:
    """Values to post (None: the field is left out).

    Every field fuzzed; or every field valid but one; or all valid. ``valid`` maps each
    field to a strategy of valid values, ``bad`` adds field-specific bad values.
    """
    names = list(valid)
    fuzzed = {
        name: st.one_of(text, text, text, st.none(), valid[name], *(bad or {}).get(name, []))
        for name in names
    }

    @st.composite
    def draw_form(draw) -> dict[str, str | None]:
        mode = draw(st.sampled_from(["all", "all", "one", "valid"]))
        bad_names = {"all": names, "one": [draw(st.sampled_from(names))], "valid": []}[mode]
        return {name: draw(fuzzed[name] if name in bad_names else valid[name]) for name in names}

    return draw_form()


def received(value: str) -> str:
    """The text Django sees for a posted value (invalid UTF-8 decoded with replacement)."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def is_blank(value: str | None) -> bool:
    """Empty once stripped, as a CharField sees it."""
    return value is None or not received(value).strip()


def has_nul(value: str | None) -> bool:
    return value is not None and "\x00" in received(value)


def encode(data: dict[str, str | None]) -> str:
    return urlencode(
        [
            (key.encode("utf-8", "surrogatepass"), value.encode("utf-8", "surrogatepass"))
            for key, value in data.items()
            if value is not None
        ]
    )


def post(client: Client, url: str, data: dict[str, str | None]):
    return client.post(url, encode(data), content_type="application/x-www-form-urlencoded")


def get(client: Client, url: str, params: dict[str, str | None]):
    return client.get(f"{url}?{encode(params)}")


# --- Checks -----------------------------------------------------------------------------------

SUMMARY = re.compile(r'<div class="govuk-error-summary".*?</ul>', re.S)
FIELD_ERROR = re.compile(r'<p id="id_(\w+)_error" class="govuk-error-message">')
SUMMARY_LINK = re.compile(r'<li><a href="#([^"]+)">')
SCRIPT = b"<script>alert(1)</script>"
C0_AND_SPACE = "".join(map(chr, range(0x21)))


def assert_local_redirect(response) -> str:
    """The redirect stays on this site: a path, absolute or relative, with no host or scheme."""
    location = response["Location"]
    # Read it as a browser would: tabs and newlines dropped, edges trimmed, "\\" taken as "/".
    followed = re.sub(r"[\t\n\r]", "", location).strip(C0_AND_SPACE).replace("\\", "/")
    parts = urlsplit(followed)
    assert not followed.startswith("//"), location
    assert not parts.scheme, location
    assert not parts.netloc, location
    return location


def assert_form_answer(response, radios: frozenset[str] = frozenset()) -> dict:
    """A POST answer: a local redirect, or the form again naming each field in error.

    Returns the form's errors ({} after a redirect).
    """
    event(f"status {response.status_code}")
    assert response.status_code in {200, 302}, response.status_code
    if response.status_code == 302:
        assert_local_redirect(response)
        return {}
    body = response.content.decode()
    assert SCRIPT not in response.content
    errors = response.context["form"].errors
    assert errors, "200 after a POST, but the form reports no error"
    summary = SUMMARY.search(body)
    assert summary, "no govuk-error-summary on a refused form"
    links = SUMMARY_LINK.findall(summary.group(0))
    assert len(links) == sum(len(messages) for messages in errors.values())
    # Each field error shown by its field (id_<field>_error) is in the summary, linked to it.
    field_errors = set(FIELD_ERROR.findall(body))
    assert field_errors == {name for name in errors if name != NON_FIELD_ERRORS}
    for name in field_errors:
        anchor = f"id_{name}_0" if name in radios else f"id_{name}"
        assert anchor in links, (name, links)
    for target in links:
        assert f'id="{target}"' in body, f"the summary links to #{target}, not on the page"
    for message in errors.get(NON_FIELD_ERRORS, []):
        assert f">{escape(message)}</a></li>" in summary.group(0), message
    return errors


def assert_refused(errors: dict, *names: str) -> None:
    for name in names:
        assert name in errors, (name, errors)


def check_text(
    errors: dict, name: str, value: str | None, max_length: int | None, required: bool = True
) -> None:
    """A CharField: refused when blank (if required), too long, or holding NUL."""
    if value is None:
        if required:
            assert_refused(errors, name)
        return
    cleaned = received(value).strip()
    too_long = max_length is not None and len(cleaned) > max_length
    if (required and not cleaned) or too_long or "\x00" in cleaned:
        assert_refused(errors, name)


def check_choice(errors: dict, name: str, value: str | None, choices: tuple[str, ...]) -> None:
    if value is None or received(value) not in choices:
        assert_refused(errors, name)


def check_password(errors: dict, name: str, value: str | None) -> None:
    """Password fields keep spaces: refused only when empty or holding NUL."""
    if value is None or value == "" or has_nul(value):
        assert_refused(errors, name)


def check_email(errors: dict, name: str, value: str | None) -> None:
    if is_blank(value) or "@" not in received(value) or has_nul(value):
        assert_refused(errors, name)


# --- Clients ---------------------------------------------------------------------------------
# One per test, not per example: a new client builds the middleware again (WhiteNoise scans
# the static files), and each ``settings.X = ...`` stacks another override.


@pytest.fixture
def no_lockout(settings):
    """django-axes off: it would lock the account after 10 failures and answer 429."""
    settings.AXES_ENABLED = False


@pytest.fixture
def anonymous():
    return Client()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def commissioner(users):
    """A commissioner of area A, signed in once for all of a test's examples."""
    return signed_in(users.commissioner)


@pytest.fixture
def admin(users):
    """The area admin of area A, signed in once for all of a test's examples."""
    return signed_in(users.area_admin)


# --- Sign-in and passwords ----------------------------------------------------------------------

#: Where ``next`` may point: pages here, the sign-in page itself, and other sites.
next_value = st.one_of(
    text,
    st.sampled_from(
        [
            "/",
            "/account/",
            "/areas/alphashire/",
            "/account/sign-in/",
            "//evil.example/",
            "///evil.example/",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "\t//evil.example",
            " //evil.example",
            "\x00//evil.example",
            "https://evil.example/",
            "http:evil.example",
            "https:/evil.example",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "http://testserver@evil.example/",
            "https://testserver.evil.example/",
            "/%2F%2Fevil.example",
            "/\u3002evil.example",
            "\uff0f\uff0fevil.example",
        ]
    ),
)


@fuzz
@given(
    data=form_data(
        {
            "username": st.sampled_from([EXISTING, EXISTING, EXISTING_CAPS, "nobody@example.org"]),
            "password": st.sampled_from([PASSWORD, PASSWORD, PASSWORD.upper()]),
            "next": st.one_of(st.none(), next_value),
        }
    )
)
def test_sign_in(no_lockout, anonymous, users, data):
    email = users.commissioner.email
    data = fill_in(data, {EXISTING: email, EXISTING_CAPS: email.upper()})
    response = post(anonymous, reverse("login"), data)
    errors = assert_form_answer(response)
    # No length check at sign-in: Django's AuthenticationForm sets max_length too late for it.
    check_text(errors, "username", data["username"], None)
    check_password(errors, "password", data["password"])
    if response.status_code == 302:
        assert data["password"] == PASSWORD
        anonymous.cookies.clear()  # signed out again for the next example


@fuzz
@given(next_=next_value, as_member=st.booleans())
def test_sign_in_next_parameter(anonymous, commissioner, next_, as_member):
    url = reverse("login")
    if as_member:
        # Signed in already: straight on to ``next``, but only if it is on this site.
        response = get(commissioner, url, {"next": next_})
        event(f"signed in: status {response.status_code}")
        assert response.status_code == 302
        assert_local_redirect(response)
    else:
        # Signed out: the sign-in form, with ``next`` kept (escaped) in a hidden field.
        response = get(anonymous, url, {"next": next_})
        event(f"signed out: status {response.status_code}")
        assert response.status_code == 200
        assert SCRIPT not in response.content
        assert 'name="next"' in response.content.decode()


@fuzz
@given(
    data=form_data(
        {"email": st.one_of(st.sampled_from(["nobody@example.org", EXISTING]), odd_email)}
    )
)
def test_password_reset(client, users, data):
    data = fill_in(data, {EXISTING: users.board_member.email})
    errors = assert_form_answer(post(client, reverse("password_reset"), data))
    check_email(errors, "email", data["email"])


@fuzz
@given(
    data=form_data(
        {
            "old_password": st.just(PASSWORD),
            "new_password1": st.sampled_from(["Lantern-orchard-47-quietly", "short"]),
            "new_password2": st.sampled_from(["Lantern-orchard-47-quietly"]),
        }
    )
)
def test_password_change(commissioner, users, data):
    user = users.commissioner
    errors = assert_form_answer(post(commissioner, reverse("password_change"), data))
    if data["old_password"] != PASSWORD:
        assert_refused(errors, "old_password")
    check_password(errors, "new_password1", data["new_password1"])
    check_password(errors, "new_password2", data["new_password2"])
    if not errors:  # changed: put the known password back for the next example
        user.refresh_from_db()
        assert user.check_password(data["new_password1"])
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        commissioner.force_login(user)


# --- Area admin forms ---------------------------------------------------------------------------


ORGANISATION_KINDS = tuple(OrganisationKind.values)
BOARD_KINDS = tuple(BoardKind.values)
ROLES = tuple(Role.values)

organisation_data = form_data(
    {
        "name": st.one_of(st.just("Fuzzed Trust"), odd_name),
        "short_name": st.one_of(st.sampled_from(["", "FT"]), odd_name),
        "kind": st.sampled_from(ORGANISATION_KINDS),
        "is_active": st.sampled_from(["on", "true", "false", ""]),
    }
)


def check_organisation(response, data: dict) -> None:
    errors = assert_form_answer(response, radios=frozenset({"kind"}))
    check_text(errors, "name", data["name"], 200)
    check_text(errors, "short_name", data["short_name"], 40, required=False)
    check_choice(errors, "kind", data["kind"], ORGANISATION_KINDS)


@fuzz
@given(data=organisation_data)
def test_organisation_add(admin, area_a, data):
    url = reverse("core:organisation-add", kwargs={"area": area_a.slug})
    response = post(admin, url, data)
    check_organisation(response, data)
    if response.status_code == 302:  # added: remove it, so each example starts alike
        created = Organisation.objects.latest("pk")
        assert created.area == area_a
        assert created.name == received(data["name"]).strip()
        created.delete()


@fuzz
@given(data=organisation_data)
def test_organisation_edit(admin, area_a, objects_of, data):
    pk = objects_of.a.organisation.pk
    url = reverse("core:organisation-edit", kwargs={"area": area_a.slug, "pk": pk})
    check_organisation(post(admin, url, data), data)


def board_data(*refused: str) -> st.SearchStrategy[dict]:
    return form_data(
        {
            "name": st.one_of(st.just("Fuzzed Board"), odd_name),
            "kind": st.sampled_from(BOARD_KINDS),
            "purpose": st.one_of(st.sampled_from(["", "Plans things."]), odd_name),
            "accountable_to": st.sampled_from(["", OWN]),
        },
        bad={"accountable_to": [st.sampled_from(refused)]},
    )


def check_board(response, data: dict, refused: set[str]) -> None:
    errors = assert_form_answer(response, radios=frozenset({"kind"}))
    check_text(errors, "name", data["name"], 200)
    check_choice(errors, "kind", data["kind"], BOARD_KINDS)
    if has_nul(data["purpose"]):
        assert_refused(errors, "purpose")
    if data["accountable_to"] in refused:
        assert_refused(errors, "accountable_to")


@fuzz
@given(data=board_data(OTHER_AREA))
def test_board_add(admin, area_a, objects_of, data):
    own, other_area = str(objects_of.a.board.pk), str(objects_of.b.board.pk)
    data = fill_in(data, {OWN: own, OTHER_AREA: other_area})
    url = reverse("core:board-add", kwargs={"area": area_a.slug})
    response = post(admin, url, data)
    check_board(response, data, refused={other_area})
    if response.status_code == 302:  # added: remove it, so each example starts alike
        created = Board.objects.latest("pk")
        assert created.area == area_a
        assert created.name == received(data["name"]).strip()
        created.delete()


@pytest.fixture
def other_board(area_a):
    return BoardFactory(area=area_a, name="Another board")


@fuzz
@given(data=board_data(OTHER_AREA, ITSELF))
def test_board_edit(admin, area_a, objects_of, other_board, data):
    board = objects_of.a.board
    refused = {str(board.pk), str(objects_of.b.board.pk)}  # itself, another area's board
    placeholders = {OWN: str(other_board.pk), OTHER_AREA: str(objects_of.b.board.pk)}
    data = fill_in(data, {**placeholders, ITSELF: str(board.pk)})
    url = reverse("core:board-edit", kwargs={"area": area_a.slug, "pk": board.pk})
    check_board(post(admin, url, data), data, refused)


@fuzz
@given(
    data=form_data(
        {
            "email": st.one_of(
                st.sampled_from(["new.person@example.org", EXISTING, LONG_IDN_EMAIL]), odd_email
            ),
            "first_name": st.one_of(st.just("Sam"), odd_name),
            "last_name": st.one_of(st.just("Jones"), odd_name),
            "role": st.sampled_from(ROLES),
            "organisation": st.sampled_from(["", OWN]),
        },
        bad={"organisation": [st.just(OTHER_AREA)]},
    )
)
def test_person_add(admin, users, area_a, objects_of, data):
    other_area = str(objects_of.b.organisation.pk)
    own = str(objects_of.a.organisation.pk)
    data = fill_in(data, {OWN: own, OTHER_AREA: other_area, EXISTING: users.forum_member.email})
    url = reverse("core:person-add", kwargs={"area": area_a.slug})
    errors = assert_form_answer(post(admin, url, data), radios=frozenset({"role"}))
    check_email(errors, "email", data["email"])
    check_text(errors, "first_name", data["first_name"], 150)
    check_text(errors, "last_name", data["last_name"], 150)
    check_choice(errors, "role", data["role"], ROLES)
    if data["organisation"] == other_area:
        assert_refused(errors, "organisation")


# --- Query parameters ---------------------------------------------------------------------------


@fuzz
@given(page=st.one_of(text, st.sampled_from(["1", "last", "2", " 1 ", "１"])))
def test_people_page_parameter(admin, area_a, page):
    url = reverse("core:people", kwargs={"area": area_a.slug})
    response = get(admin, url, {"page": page})
    event(f"status {response.status_code}")
    assert response.status_code in {200, 404}  # 404: no such page of the list
    assert SCRIPT not in response.content
    if page in {"1", "last"}:
        assert response.status_code == 200


@fuzz
@given(
    key=st.one_of(text, st.sampled_from(["page", "q", "next", "area", "format"])),
    value=text,
    page=st.sampled_from(["home", "core:area"]),
)
def test_unknown_query_parameter(commissioner, area_a, key, value, page):
    kwargs = {"area": area_a.slug} if page == "core:area" else {}
    response = get(commissioner, reverse(page, kwargs=kwargs), {key: value})
    assert response.status_code == 200, response.status_code
    assert SCRIPT not in response.content


# --- Needs: local indicators and the read API ---------------------------------------------------

UNITS = ("count", "percent", "rate")
indicator_data = form_data(
    {
        "name": st.one_of(st.just("Register of disabled children"), odd_name),
        "value": st.sampled_from(["1250", "1,250", "12.5", "0"]),
        "unit": st.sampled_from(UNITS),
        "period": st.one_of(st.just("2024 to 2025"), odd_name),
        "source": st.one_of(st.just("Council register"), odd_name),
        "notes": st.one_of(st.just(""), odd_name),
    }
)


@fuzz
@given(data=indicator_data)
def test_local_indicator_add(commissioner, area_a, data):
    from needs.models import LocalIndicator

    url = reverse("needs:indicator-add", kwargs={"area": area_a.slug})
    errors = assert_form_answer(post(commissioner, url, data), radios=frozenset({"unit"}))
    check_text(errors, "name", data["name"], 200)
    check_text(errors, "period", data["period"], 40)
    check_text(errors, "source", data["source"], 300)
    check_text(errors, "notes", data["notes"], 2000, required=False)
    check_choice(errors, "unit", data["unit"], UNITS)
    if not errors:  # added: remove it, so each example starts alike
        created = LocalIndicator.objects.latest("pk")
        assert created.area == area_a
        created.delete()


@fuzz
@given(
    fmt=st.sampled_from(["csv", "json"]),
    params=st.fixed_dictionaries(
        {},
        optional={
            "measure": st.one_of(text, st.sampled_from(["ehc_plans", "pc_need_asd"])),
            "area": st.one_of(text, st.sampled_from(["E92000001", "e10000020"])),
            "period": st.one_of(text, st.sampled_from(["2024", "202425", "202426"])),
            "limit": st.one_of(text, number),
            "offset": st.one_of(text, number),
            "other": text,
        },
    ),
)
def test_read_api_parameters(anonymous, fmt, params):
    response = get(anonymous, reverse("needs:api-figures", kwargs={"fmt": fmt}), params)
    event(f"status {response.status_code}")
    assert response.status_code in {200, 400}, response.status_code
    if response.status_code == 400:
        assert response.content.strip(), "a refusal says why"
        # it may quote what was asked, but never as a page a browser would run
        assert response["Content-Type"].split(";")[0] in {"text/plain", "application/json"}
        assert response["X-Content-Type-Options"] == "nosniff"
