"""Pages of the shared app: home, areas, organisations, boards, people, account, health."""

from __future__ import annotations

import logging
import sys
import uuid
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, FormView, ListView, TemplateView

from core import selectors, services
from core.access import AreaAccessMixin
from core.auth_forms import SignInForm
from core.forms import BoardForm, OrganisationForm, PersonRoleForm
from core.models import AuditEvent, Board, Organisation, Role

logger = logging.getLogger(__name__)

ADMINS_ONLY = frozenset({Role.AREA_ADMIN})


# --- Public pages ------------------------------------------------------------


class HomeView(TemplateView):
    template_name = "core/home.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.is_authenticated:
            context["my_areas"] = selectors.areas_for_user(user=self.request.user)
        context["areas"] = selectors.public_areas()
        return context


class SignInView(auth_views.LoginView):
    """Django's sign-in page; a signed-in user is sent on, never back to this page.

    With ``redirect_authenticated_user`` Django raises (a 500) when ``next``
    points at the sign-in page itself; such a ``next`` is ignored instead.
    """

    form_class = SignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return "" if url and urlsplit(url).path == self.request.path else url


class StaticPageView(TemplateView):
    http_method_names = ["get", "head"]


class AreaOverviewView(AreaAccessMixin, TemplateView):
    """An area's front page: public facts, its partners and boards; members see their roles."""

    public = True
    template_name = "core/area_overview.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisations"] = selectors.organisations(
            access=self.access, include_inactive=False
        )
        context["boards"] = selectors.boards(access=self.access)
        context["my_roles"] = [Role(role).label for role in sorted(self.access.roles)]
        return context


# --- Signed-in pages ------------------------------------------------------------


class AreaListView(LoginRequiredMixin, TemplateView):
    """The area switcher: the areas where the user holds a role."""

    template_name = "core/area_list.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["my_areas"] = selectors.areas_for_user(user=self.request.user)
        context["current_area"] = self.request.session.get("current_area")
        return context


class AccountView(LoginRequiredMixin, TemplateView):
    template_name = "core/account.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["my_areas"] = selectors.areas_for_user(user=self.request.user)
        return context


class AreaFormView(AreaAccessMixin, FormView):
    """Create or edit something of the area through a service; keeps what was typed on error."""

    allowed_roles = ADMINS_ONLY
    template_name = "core/object_form.html"
    http_method_names = ["get", "head", "post"]
    title = ""
    submit_label = "Save"
    success_message = ""

    def save(self, form):  # pragma: no cover - each subclass defines it
        raise NotImplementedError

    def form_valid(self, form):
        token = form.cleaned_data.get("submission")
        try:
            with transaction.atomic():
                if token and not services.claim_submission(token=token, area=self.area):
                    # The same form was posted before: show what that post saved.
                    return HttpResponseRedirect(services.submission_result(token=token))
                refused = self.perform(form)
                if refused is not None:  # e.g. a conflict page: nothing saved, token released
                    transaction.set_rollback(True)
                    return refused
                if token:
                    services.record_submission(token=token, url=self.get_success_url())
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return HttpResponseRedirect(self.get_success_url())

    def perform(self, form):
        """Save; return a response instead to refuse without saving."""
        self.object = self.save(form)
        return None

    def get_success_message(self) -> str:
        # Only the class's own template is a format string, never what users typed.
        return self.success_message.format(object=self.object)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.title)
        kwargs.setdefault("submit_label", self.submit_label)
        kwargs.setdefault("cancel_url", self.get_cancel_url())
        return super().get_context_data(**kwargs)

    def get_cancel_url(self) -> str:
        return self.get_success_url()


class AreaDeleteView(AreaAccessMixin, DetailView):
    """Ask 'Are you sure?' on GET; delete on POST through a service."""

    allowed_roles = ADMINS_ONLY
    template_name = "core/confirm_delete.html"
    http_method_names = ["get", "head", "post"]
    list_url_name = ""

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            self.delete(obj)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(request.path)
        messages.success(request, f"{obj} has been deleted")
        return HttpResponseRedirect(self.get_success_url(obj))

    def get_success_url(self, obj) -> str:
        return reverse(self.list_url_name, kwargs={"area": self.area.slug})

    def delete(self, obj) -> None:
        services.delete_in_area(obj, actor=self.request.user)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", self.object_url(self.object))
        return super().get_context_data(**kwargs)

    def object_url(self, obj) -> str:
        return obj_url(obj)


def obj_url(obj) -> str:
    name = {Organisation: "core:organisation-detail", Board: "core:board-detail"}[type(obj)]
    return reverse(name, kwargs={"area": obj.area.slug, "pk": obj.pk})


class AreaObjectCreateView(AreaFormView):
    """Add a named organisation or board to the area."""

    success_message = "{object} has been added"
    list_url_name = ""

    def save(self, form):
        return services.create_named_in_area(
            self.model, access=self.access, actor=self.request.user, data=form.cleaned_data
        )

    def get_success_url(self):
        return obj_url(self.object)

    def get_cancel_url(self):
        return reverse(self.list_url_name, kwargs={"area": self.area.slug})


class AreaObjectUpdateView(AreaFormView):
    """Edit a named organisation or board of the area."""

    submit_label = "Save changes"
    success_message = "Your changes to {object} have been saved"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(
                self.model.objects.for_access(self.access), pk=self.kwargs["pk"]
            )
        return self._object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", f"Edit {self.get_object()}")
        return super().get_context_data(**kwargs)

    def save(self, form):
        return services.update_named_in_area(
            self.get_object(), actor=self.request.user, data=form.cleaned_data
        )

    def get_success_url(self):
        return obj_url(self.get_object())


# Organisations


class OrganisationListView(AreaAccessMixin, ListView):
    template_name = "core/organisation_list.html"
    http_method_names = ["get", "head"]

    def get_queryset(self):
        return selectors.organisations(access=self.access)


class OrganisationDetailView(AreaAccessMixin, DetailView):
    model = Organisation
    template_name = "core/organisation_detail.html"
    http_method_names = ["get", "head"]


class OrganisationCreateView(AreaObjectCreateView):
    model = Organisation
    form_class = OrganisationForm
    title = "Add an organisation"
    submit_label = "Add organisation"
    list_url_name = "core:organisation-list"


class OrganisationUpdateView(AreaObjectUpdateView):
    model = Organisation
    form_class = OrganisationForm


class OrganisationDeleteView(AreaDeleteView):
    model = Organisation
    list_url_name = "core:organisation-list"


# Boards


class BoardListView(AreaAccessMixin, ListView):
    template_name = "core/board_list.html"
    http_method_names = ["get", "head"]

    def get_queryset(self):
        return selectors.boards(access=self.access)


class BoardDetailView(AreaAccessMixin, DetailView):
    model = Board
    template_name = "core/board_detail.html"
    http_method_names = ["get", "head"]

    def get_queryset(self):
        return selectors.boards(access=self.access).prefetch_related("reporting_groups")


class BoardFormMixin:
    model = Board
    form_class = BoardForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}


class BoardCreateView(BoardFormMixin, AreaObjectCreateView):
    title = "Add a board or group"
    submit_label = "Add board or group"
    list_url_name = "core:board-list"


class BoardUpdateView(BoardFormMixin, AreaObjectUpdateView):
    pass


class BoardDeleteView(AreaDeleteView):
    model = Board
    list_url_name = "core:board-list"


# People and roles (area admins)


class PeopleView(AreaAccessMixin, ListView):
    allowed_roles = ADMINS_ONLY
    template_name = "core/people.html"
    http_method_names = ["get", "head"]
    paginate_by = 50

    def get_queryset(self):
        return selectors.people(access=self.access)


class PersonAddView(AreaFormView):
    form_class = PersonRoleForm
    title = "Give someone a role"
    submit_label = "Give role"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def save(self, form):
        assignment, self.account_created = services.grant_role(
            access=self.access, actor=self.request.user, request=self.request, **form.cleaned_data
        )
        return assignment

    def get_success_message(self) -> str:
        message = (
            f"{self.object.user} is now a {self.object.get_role_display().lower()} in {self.area}"
        )
        if self.account_created:
            message += ". We have emailed them a link to set their password"
        return message

    def get_success_url(self):
        return reverse("core:people", kwargs={"area": self.area.slug})


class RoleRevokeView(AreaDeleteView):
    template_name = "core/role_revoke.html"
    list_url_name = "core:people"

    def get_queryset(self):
        return selectors.role_assignments(access=self.access)

    def delete(self, obj) -> None:
        services.revoke_role(access=self.access, actor=self.request.user, assignment=obj)

    def object_url(self, obj) -> str:
        return reverse("core:people", kwargs={"area": self.area.slug})


# --- Health and errors ---------------------------------------------------------


@require_safe
@never_cache
def healthz(request):
    """The process is up. Never touches the database."""
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def readyz(request):
    """Ready to serve: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("readyz: database unavailable")
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def _render_error(template: str, status: int, context: dict | None = None) -> HttpResponse:
    # Rendered without the request: no context processors, so no database.
    body = loader.get_template(template).render(context or {})
    return HttpResponse(body, status=status)


def server_error(request):
    """500 page with a reference; a database outage is a 503 (QUALITY.md R4)."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.error("Database unavailable while serving %s %s", request.method, request.path)
        response = _render_error("errors/503.html", 503)
        response["Retry-After"] = "30"
        return response
    reference = uuid.uuid4().hex[:12].upper()
    logger.error("Server error reference %s on %s %s", reference, request.method, request.path)
    return _render_error("errors/500.html", 500, {"reference": reference})


def permission_denied(request, exception):
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        area_access = getattr(request, "area_access", None)
        services.record_event(
            action=AuditEvent.Action.ACCESS_DENIED,
            actor=request.user,
            area=area_access.area if area_access else None,
            summary=request.path[:300],
        )
    template = loader.get_template("errors/403.html")
    return HttpResponse(template.render({}, request), status=403)


def page_not_found(request, exception):
    template = loader.get_template("errors/404.html")
    return HttpResponse(template.render({}, request), status=404)


def csrf_failure(request, reason=""):
    template = loader.get_template("errors/csrf.html")
    return HttpResponse(template.render({}, request), status=403)
