"""factory-boy factories for every model, in one importable place."""

import factory
from factory.django import DjangoModelFactory

from core.models import (
    Area,
    AuditEvent,
    Board,
    BoardKind,
    Organisation,
    OrganisationKind,
    Region,
    Role,
    RoleAssignment,
    User,
)

PASSWORD = "correct-Horse-battery-9"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "E12000006"
    name = "East of England"


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Testshire {n}")
    slug = factory.Sequence(lambda n: f"testshire-{n}")
    la_code = factory.Sequence(lambda n: f"E10{n:06d}")
    old_la_code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    region = factory.SubFactory(RegionFactory)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    short_name = "ORG"
    kind = OrganisationKind.COUNCIL


class BoardFactory(DjangoModelFactory):
    class Meta:
        model = Board

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Board {n}")
    kind = BoardKind.PARTNERSHIP_BOARD
    purpose = "Holds partners to account."


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    area = factory.SubFactory(AreaFactory)
    role = Role.COMMISSIONER
    organisation = factory.SubFactory(OrganisationFactory, area=factory.SelfAttribute("..area"))


class AuditEventFactory(DjangoModelFactory):
    class Meta:
        model = AuditEvent

    action = AuditEvent.Action.LOGIN
    actor = factory.SubFactory(UserFactory)
    area = factory.SubFactory(AreaFactory)
    summary = "signed in"


def user_with_role(area: Area, role: str, **kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(user=user, area=area, role=role)
    return user
