"""Numbers in markup that is not for reading (ids, anchors, links to the next page) are never
written with a thousands separator: with USE_THOUSAND_SEPARATOR, ``{{ pk }}`` of 1016 is
"1,016", which broke the plan page's anchors once ids passed 999 (seen in CI)."""

import re
from pathlib import Path

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse

from core.models import Role
from tests.factories import ActionFactory, PriorityFactory, user_with_role

pytestmark = pytest.mark.django_db

BIG = 12_345


def test_a_priority_past_999_keeps_its_anchor_on_every_page_that_links_it(area_a, client):
    priority = PriorityFactory(pk=BIG, plan__area=area_a, number=1)
    action = ActionFactory(priority=priority)
    client.force_login(user_with_role(area_a, Role.COMMISSIONER))
    kwargs = {"area": area_a.slug, "pk": priority.plan.pk}
    plan = client.get(reverse("commissioning:plan", kwargs=kwargs)).content.decode()
    assert f'id="priority-{BIG}"' in plan
    assert f'aria-labelledby="priority-{BIG}-title"' in plan
    printed = client.get(reverse("commissioning:plan-print", kwargs=kwargs)).content.decode()
    assert f'id="p{BIG}"' in printed
    detail = client.get(
        reverse("commissioning:action", kwargs={"area": area_a.slug, "pk": action.pk})
    ).content.decode()
    assert f"#priority-{BIG}" in detail
    for body in (plan, printed, detail):
        assert "12,345" not in body


@pytest.mark.parametrize(
    "template", ["includes/pagination.html", "coproduction/public/pagination.html"]
)
def test_links_to_pages_past_999_are_plain_numbers(template):
    page = Paginator(range(20_000), 10).page(1_500)
    html = render_to_string(template, {"page_obj": page})
    assert "page=1499" in html
    assert "page=1501" in html
    assert "page=1,501" not in html


def test_no_template_writes_a_bare_pk_or_page_number_into_markup():
    """The same rule for every template: a pk or page number in an attribute takes
    ``|stringformat:"d"`` (or goes through ``{% url %}``, which never localises)."""
    bare = re.compile(
        r'="[^"]*\{\{ *[\w.]*'
        r"(?:\.pk|\.\w+_id(?<!auto_id)(?<!figure_id)(?<!anchor_id)|page_number)"
        r' *\}\}[^"]*"'
    )
    templates = Path(__file__).resolve().parents[2] / "templates"
    found = [
        f"{path.relative_to(templates)}: {match.group(0)}"
        for path in templates.rglob("*.html")
        for match in bare.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
