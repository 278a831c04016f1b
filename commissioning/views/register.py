"""The services register: the register grouped by arrangement with the value jointly
commissioned, a service's page, and adding, editing and deleting services.
"""

from __future__ import annotations

from django.urls import reverse
from django.views.generic import TemplateView

from commissioning import selectors, services
from commissioning.forms import ServiceForm
from commissioning.models import Service
from commissioning.views.base import EDITORS, EditorFormView, VersionedEditView, found, service_url
from core.access import AreaAccessMixin
from core.views import AreaDeleteView


class ServiceRegisterView(AreaAccessMixin, TemplateView):
    """The register grouped by arrangement, with the value jointly commissioned (published)."""

    public = True
    template_name = "commissioning/service_register.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["register"] = selectors.services_register(access=self.access)
        context["can_edit"] = self.access.has_any(EDITORS)
        return context


class ServiceDetailView(AreaAccessMixin, TemplateView):
    public = True
    template_name = "commissioning/service_detail.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = found(selectors.service, access=self.access, pk=self.kwargs["pk"])
        context.update(
            service=service,
            total=sum(f.annual_value for f in service.funding.all()),
            can_edit=self.access.has_any(EDITORS),
        )
        return context


class ServiceCreateView(EditorFormView):
    form_class = ServiceForm
    title = "Add a service"
    submit_label = "Add service"
    success_message = "{object} has been added"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def save(self, form):
        return services.create_service(
            access=self.access, data=form.model_data(), funding=form.funding()
        )

    def get_success_url(self):
        return service_url(self.object)

    def get_cancel_url(self):
        return reverse("commissioning:services", kwargs={"area": self.area.slug})


class ServiceUpdateView(VersionedEditView):
    form_class = ServiceForm
    read = staticmethod(selectors.service)

    def update(self, obj, *, seen_version, data):
        return services.update_service(
            obj, seen_version=seen_version, data=data, funding=self.form.funding()
        )

    def get_success_url(self):
        return service_url(self.get_object())


class ServiceDeleteView(AreaDeleteView):
    allowed_roles = EDITORS
    model = Service

    def delete(self, obj) -> None:
        services.delete_service(obj)

    def get_success_url(self, obj) -> str:
        return reverse("commissioning:services", kwargs={"area": self.area.slug})

    def object_url(self, obj) -> str:
        return service_url(obj)
