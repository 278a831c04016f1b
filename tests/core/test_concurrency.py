"""Concurrent identical posts create one row (QUALITY.md R1), on real PostgreSQL connections."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core import services
from core.access import AreaAccess
from core.models import Organisation, Role
from tests.factories import AreaFactory, user_with_role


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_creates_make_one_row():
    area = AreaFactory()
    admin = user_with_role(area, Role.AREA_ADMIN)
    access = AreaAccess.for_user(admin, area)
    data = {"name": "Raced Trust", "short_name": "", "kind": "provider", "is_active": True}

    def create(_):
        try:
            services.create_named_in_area(Organisation, access=access, actor=admin, data=dict(data))
            return "created"
        except ValidationError:
            return "refused"
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(create, range(20)))

    assert outcomes.count("created") == 1
    assert outcomes.count("refused") == 19
    assert Organisation.objects.filter(area=area, name="Raced Trust").count() == 1
