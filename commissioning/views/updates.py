"""What is added to actions and priorities: delivery updates on an action, and the leads
and success measures of a priority (adding, editing, deleting each).
"""

from __future__ import annotations

from commissioning import services
from commissioning.forms import DeliveryUpdateForm, LeadForm, MeasureForm
from commissioning.models import DeliveryUpdate, Lead, SuccessMeasure
from commissioning.views.base import (
    EDITORS,
    ActionMixin,
    EditorFormView,
    PriorityMixin,
    action_url,
    found,
    plan_url,
)
from core.views import AreaDeleteView


class DeliveryUpdateCreateView(ActionMixin, EditorFormView):
    form_class = DeliveryUpdateForm
    title = "Add a delivery update"
    submit_label = "Add update"
    success_message = "Your update has been added"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def save(self, form):
        return services.add_delivery_update(
            action=self.get_action(), author=self.request.user, data=form.model_data()
        )

    def get_success_url(self):
        return action_url(self.get_action())


class DeliveryUpdateEditView(EditorFormView):
    form_class = DeliveryUpdateForm
    title = "Edit a delivery update"
    submit_label = "Save changes"
    success_message = "Your changes have been saved"

    def get_object(self):
        if not hasattr(self, "_update"):
            rows = DeliveryUpdate.objects.for_access(self.access).select_related(
                "action__priority__plan__area"
            )
            self._update = found(rows.get, pk=self.kwargs["pk"])
        return self._update

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area, "instance": self.get_object()}

    def save(self, form):
        fresh = DeliveryUpdate.objects.get(pk=self.get_object().pk)
        return services.edit_delivery_update(fresh, data=form.model_data())

    def get_success_url(self):
        return action_url(self.get_object().action)


class DeliveryUpdateDeleteView(AreaDeleteView):
    allowed_roles = EDITORS
    model = DeliveryUpdate

    def delete(self, obj) -> None:
        services.delete_delivery_update(obj)

    def get_success_url(self, obj) -> str:
        return action_url(obj.action)

    def object_url(self, obj) -> str:
        return action_url(obj.action)


class PriorityPartCreateView(PriorityMixin, EditorFormView):
    """Add a lead or a success measure to a priority."""

    def save(self, form):
        return services.save_priority_part(
            self.form_class._meta.model(), priority=self.get_priority(), data=form.model_data()
        )

    def get_success_url(self):
        return plan_url(self.get_priority().plan) + f"#priority-{self.get_priority().pk}"


class PriorityPartUpdateView(EditorFormView):
    """Edit a lead or a success measure."""

    submit_label = "Save changes"
    success_message = "Your changes have been saved"

    def get_object(self):
        if not hasattr(self, "_part"):
            model = self.form_class._meta.model
            rows = model.objects.for_access(self.access).select_related("priority__plan__area")
            self._part = found(rows.get, pk=self.kwargs["pk"])
        return self._part

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def save(self, form):
        fresh = type(self.get_object()).objects.get(pk=self.get_object().pk)
        return services.save_priority_part(fresh, data=form.model_data())

    def get_success_url(self):
        priority = self.get_object().priority
        return plan_url(priority.plan) + f"#priority-{priority.pk}"


class AreaFormKwargs:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}


class LeadCreateView(AreaFormKwargs, PriorityPartCreateView):
    form_class = LeadForm
    title = "Add a lead"
    submit_label = "Add lead"
    success_message = "{object} has been added as a lead"


class LeadUpdateView(AreaFormKwargs, PriorityPartUpdateView):
    form_class = LeadForm
    title = "Edit a lead"


class MeasureCreateView(PriorityPartCreateView):
    form_class = MeasureForm
    title = "Add a success measure"
    submit_label = "Add measure"
    success_message = "The measure has been added"


class MeasureUpdateView(PriorityPartUpdateView):
    form_class = MeasureForm
    title = "Edit a success measure"


class PriorityPartDeleteView(AreaDeleteView):
    allowed_roles = EDITORS

    def delete(self, obj) -> None:
        services.delete_priority_part(obj)

    def get_success_url(self, obj) -> str:
        return plan_url(obj.priority.plan)

    def object_url(self, obj) -> str:
        return plan_url(obj.priority.plan)


class LeadDeleteView(PriorityPartDeleteView):
    model = Lead


class MeasureDeleteView(PriorityPartDeleteView):
    model = SuccessMeasure
