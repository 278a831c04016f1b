import pytest

from tests import factories

FACTORIES = [
    factories.RegionFactory,
    factories.AreaFactory,
    factories.OrganisationFactory,
    factories.BoardFactory,
    factories.UserFactory,
    factories.RoleAssignmentFactory,
    factories.AuditEventFactory,
    factories.SubmissionTokenFactory,
    factories.OutcomeFrameworkFactory,
    factories.OutcomeAreaFactory,
    factories.ForwardPlanFactory,
    factories.PriorityFactory,
    factories.LeadFactory,
    factories.SuccessMeasureFactory,
    factories.ActionFactory,
    factories.RagSnapshotFactory,
    factories.DeliveryUpdateFactory,
    factories.ServiceFactory,
    factories.ServiceFundingFactory,
    factories.PlanVersionFactory,
    factories.GeographyFactory,
    factories.ReleaseFactory,
    factories.ImportJobFactory,
    factories.SourceFileFactory,
    factories.BreakdownFactory,
    factories.FigureFactory,
    factories.ConsistencyIssueFactory,
    factories.StatisticalNeighbourFactory,
    factories.LocalIndicatorFactory,
    factories.CaseImportFactory,
    factories.PersonFactory,
    factories.CaseRequestFactory,
    factories.AdviceFactory,
    factories.MonthlySnapshotFactory,
    factories.MonthlyFigureFactory,
    factories.TargetFactory,
    factories.PublishedMeasureFactory,
    factories.CoproductionSettingsFactory,
    factories.ThemeFactory,
    factories.FeedbackFactory,
    factories.FeedbackContactFactory,
    factories.FeedbackAttemptFactory,
]


def test_every_model_of_the_portal_has_a_factory():
    from django.apps import apps
    from pghistory.models import Event

    made = {f._meta.model for f in FACTORIES}
    portal = {
        m for m in apps.get_models()
        if m._meta.app_label in {"core", "commissioning", "needs", "ehcp", "coproduction"}
        and not issubclass(m, Event)
    }  # fmt: skip
    assert portal - made == set()


@pytest.mark.django_db
@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_valid_saved_object(factory):
    obj = factory()
    obj.full_clean()
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.django_db
def test_role_assignment_organisation_is_in_the_same_area():
    assignment = factories.RoleAssignmentFactory()
    assert assignment.organisation.area == assignment.area


@pytest.mark.django_db
def test_user_factory_password_signs_in(client):
    user = factories.UserFactory()
    response = client.post(
        "/account/sign-in/", {"username": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
