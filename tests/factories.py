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
    SubmissionToken,
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


class SubmissionTokenFactory(DjangoModelFactory):
    class Meta:
        model = SubmissionToken

    token = factory.Faker("uuid4", cast_to=None)
    area = factory.SubFactory(AreaFactory)
    object_url = "/areas/testshire/plans/1/"


def user_with_role(area: Area, role: str, **kwargs) -> User:
    user = UserFactory(**kwargs)
    RoleAssignmentFactory(user=user, area=area, role=role)
    return user


# --- Commissioning ---------------------------------------------------------------

import datetime as _dt  # noqa: E402
from decimal import Decimal  # noqa: E402

from commissioning import models as cm  # noqa: E402


class OutcomeFrameworkFactory(DjangoModelFactory):
    class Meta:
        model = cm.OutcomeFramework

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Framework {n}")


class OutcomeAreaFactory(DjangoModelFactory):
    class Meta:
        model = cm.OutcomeArea

    framework = factory.SubFactory(OutcomeFrameworkFactory)
    code = "F"
    name = "Family and friends"


class ForwardPlanFactory(DjangoModelFactory):
    class Meta:
        model = cm.ForwardPlan

    area = factory.SubFactory(AreaFactory)
    title = factory.Sequence(lambda n: f"Joint commissioning plan {n}")
    starts_on = _dt.date(2024, 4, 1)
    ends_on = _dt.date(2026, 3, 31)
    status = cm.PlanStatus.APPROVED


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = cm.Priority

    plan = factory.SubFactory(ForwardPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority {n}")
    why = "Families told us this matters."
    cycle_stage = cm.CycleStage.PLAN


class LeadFactory(DjangoModelFactory):
    class Meta:
        model = cm.Lead

    priority = factory.SubFactory(PriorityFactory)
    name = "Head of SEND commissioning"
    role = "Head of SEND commissioning"


class SuccessMeasureFactory(DjangoModelFactory):
    class Meta:
        model = cm.SuccessMeasure

    priority = factory.SubFactory(PriorityFactory)
    description = "Plans issued within 20 weeks"
    target_value = Decimal(60)
    unit = "%"


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = cm.Action

    priority = factory.SubFactory(PriorityFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = "Commissioning manager"
    starts_on = _dt.date(2024, 4, 1)
    due_on = _dt.date(2025, 3, 31)
    status = cm.ActionStatus.ON_TRACK
    progress = 50


class RagSnapshotFactory(DjangoModelFactory):
    class Meta:
        model = cm.RagSnapshot

    action = factory.SubFactory(ActionFactory)
    quarter_start = _dt.date(2024, 4, 1)
    rag = cm.Rag.GREEN


class DeliveryUpdateFactory(DjangoModelFactory):
    class Meta:
        model = cm.DeliveryUpdate

    action = factory.SubFactory(ActionFactory)
    written_on = _dt.date(2024, 6, 30)
    update = "Service specification agreed."
    author = factory.SubFactory(UserFactory)


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = cm.Service

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    provider = "Community trust"
    commissioner = cm.Commissioner.JOINT
    arrangement = cm.Arrangement.JOINT_INVESTMENT


class ServiceFundingFactory(DjangoModelFactory):
    class Meta:
        model = cm.ServiceFunding

    service = factory.SubFactory(ServiceFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, area=factory.SelfAttribute("..service.area")
    )
    annual_value = Decimal("125000.00")


class PlanVersionFactory(DjangoModelFactory):
    class Meta:
        model = cm.PlanVersion

    plan = factory.SubFactory(ForwardPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    approved_by_board = factory.SubFactory(BoardFactory, area=factory.SelfAttribute("..plan.area"))
    approved_on = _dt.date(2024, 5, 1)
    snapshot = factory.LazyFunction(lambda: {"priorities": []})


# -- needs ------------------------------------------------------------------------

from needs.models import (  # noqa: E402 - grouped with the factories that use them
    Breakdown,
    ConsistencyIssue,
    Figure,
    Geography,
    ImportJob,
    Level,
    LocalIndicator,
    Release,
    SourceFile,
    StatisticalNeighbour,
    ValueStatus,
)


class GeographyFactory(DjangoModelFactory):
    class Meta:
        model = Geography
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E06{n:06d}")
    level = Level.LOCAL_AUTHORITY
    name = factory.Sequence(lambda n: f"Council {n}")


class ReleaseFactory(DjangoModelFactory):
    class Meta:
        model = Release
        django_get_or_create = ("year",)

    year = 2025


class ImportJobFactory(DjangoModelFactory):
    class Meta:
        model = ImportJob

    file_name = "education-health-and-care-plans_2025.zip"
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    release_year = 2025


class SourceFileFactory(DjangoModelFactory):
    class Meta:
        model = SourceFile

    release = factory.SubFactory(ReleaseFactory)
    name = "data/caseload.csv"
    kind = "caseload"
    sha256 = factory.Sequence(lambda n: f"{n:064x}")


class BreakdownFactory(DjangoModelFactory):
    class Meta:
        model = Breakdown
        django_get_or_create = ("key",)

    key = "total"
    topic = "Total"
    label = "Total"


class FigureFactory(DjangoModelFactory):
    class Meta:
        model = Figure

    measure = "ehc_plans"
    geography = factory.SubFactory(GeographyFactory)
    year = 2025
    period = "202425"
    breakdown = factory.SubFactory(BreakdownFactory)
    value = 100
    status = ValueStatus.PUBLISHED
    source_file = factory.SubFactory(SourceFileFactory)


class ConsistencyIssueFactory(DjangoModelFactory):
    class Meta:
        model = ConsistencyIssue

    job = factory.SubFactory(ImportJobFactory)
    file_name = "data/caseload.csv"
    measure = "ehc_plans"
    period = "202425"
    breakdown = "Total"
    parent_code = "E12000006"
    parent_name = "East of England"
    children = "local authorities"
    parent_total = 100
    children_total = 90
    kind = ConsistencyIssue.Kind.DISCREPANCY


class StatisticalNeighbourFactory(DjangoModelFactory):
    class Meta:
        model = StatisticalNeighbour

    area = factory.SubFactory(AreaFactory)
    geography = factory.SubFactory(GeographyFactory)


class LocalIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = LocalIndicator

    area = factory.SubFactory(AreaFactory)
    name = "Children on the register of disabled children"
    value = 1234
    period = "March 2025"
    source = "Council register"


# -- ehcp -------------------------------------------------------------------------

from ehcp.models import (  # noqa: E402 - grouped with the factories that use them
    Advice,
    CaseImport,
    CaseRequest,
    MonthlyFigure,
    MonthlySnapshot,
    Person,
    PublishedMeasure,
    Target,
)


class CaseImportFactory(DjangoModelFactory):
    class Meta:
        model = CaseImport

    area = factory.SubFactory(AreaFactory)
    file_name = "sen2_extract.zip"
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    status = "done"


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    area = factory.SubFactory(AreaFactory)
    pseudonym = factory.Sequence(lambda n: f"{n:064x}")


class CaseRequestFactory(DjangoModelFactory):
    class Meta:
        model = CaseRequest

    person = factory.SubFactory(PersonFactory)
    area = factory.SelfAttribute("person.area")
    record_key = factory.Sequence(lambda n: f"{n:064x}")
    received = factory.Faker("date_between", start_date="-2y", end_date="-1d")


class AdviceFactory(DjangoModelFactory):
    class Meta:
        model = Advice

    request = factory.SubFactory(CaseRequestFactory)
    area = factory.SelfAttribute("request.area")
    service = "EP"
    requested = factory.SelfAttribute("request.received")


class MonthlySnapshotFactory(DjangoModelFactory):
    class Meta:
        model = MonthlySnapshot

    area = factory.SubFactory(AreaFactory)
    month = factory.Sequence(lambda n: _dt.date(2020 + n // 12, n % 12 + 1, 1))
    figures = factory.LazyFunction(lambda: {"requests_received": 110})


class MonthlyFigureFactory(DjangoModelFactory):
    class Meta:
        model = MonthlyFigure

    area = factory.SubFactory(AreaFactory)
    month = _dt.date(2021, 3, 1)
    measure = "cme_all"
    value = 41


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    area = factory.SubFactory(AreaFactory)
    measure = "issued_20_weeks_ex"
    due = _dt.date(2021, 12, 31)
    value = 60


class PublishedMeasureFactory(DjangoModelFactory):
    class Meta:
        model = PublishedMeasure

    area = factory.SubFactory(AreaFactory)
    measure = "requests"


# -- coproduction -----------------------------------------------------------------

from coproduction import models as co  # noqa: E402 - grouped with the factories that use them


class CoproductionSettingsFactory(DjangoModelFactory):
    class Meta:
        model = co.CoproductionSettings
        django_get_or_create = ("area",)

    area = factory.SubFactory(AreaFactory)
    allow_public_feedback = True


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = co.Theme

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")
    kind = co.ThemeKind.THEME
    description = "What families keep telling us about."


class FeedbackFactory(DjangoModelFactory):
    class Meta:
        model = co.Feedback

    area = factory.SubFactory(AreaFactory)
    speaker = co.Speaker.PARENT_CARER
    channel = co.Channel.ADULT
    working = "The new keyworker calls back within a week."
    not_working = "We waited months to hear about the assessment."
    future = "One person who knows our story."
    consent = co.Consent.PUBLISH_ANONYMISED


class FeedbackContactFactory(DjangoModelFactory):
    class Meta:
        model = co.FeedbackContact

    feedback = factory.SubFactory(FeedbackFactory)
    name = "Sam"
    email = factory.Sequence(lambda n: f"parent{n}@example.org")
    purpose = co.ContactPurpose.RESPONSE
    delete_after = factory.LazyFunction(lambda: _dt.date.today() + _dt.timedelta(days=180))


class FeedbackAttemptFactory(DjangoModelFactory):
    class Meta:
        model = co.FeedbackAttempt

    area = factory.SubFactory(AreaFactory)
    client_key = factory.Sequence(lambda n: f"{n:064x}")
