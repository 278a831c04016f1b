"""Who may give the area's feedback: its forum members only, or anyone (area admins)."""

from __future__ import annotations

from django import forms
from django.urls import path, reverse

from coproduction import selectors, services
from core.forms import GovukForm
from core.views import AreaFormView

WHO = (
    ("members", "Forum members of the area only, signed in"),
    ("anyone", "Anyone, without signing in"),
)


class FeedbackSettingsForm(GovukForm):
    who = forms.ChoiceField(
        label="Who may give feedback?",
        choices=WHO,
        widget=forms.RadioSelect,
        help_text=(
            "Open feedback to anyone only once the area is ready to read it: every item is "
            "throttled and checked for safeguarding words, and nothing is published unless "
            "the person agreed and a commissioner publishes it."
        ),
        error_messages={"required": "Select who may give feedback"},
    )


class FeedbackSettingsView(AreaFormView):
    """Area admins only (the default of ``AreaFormView``)."""

    form_class = FeedbackSettingsForm
    title = "Who may give feedback"
    submit_label = "Save"
    success_message = "Who may give feedback has been saved"

    def get_initial(self):
        allowed = selectors.public_feedback_allowed(area=self.area)
        return {"who": "anyone" if allowed else "members"}

    def save(self, form):
        return services.set_public_feedback(
            area=self.area, actor=self.request.user, allowed=form.cleaned_data["who"] == "anyone"
        )

    def get_success_message(self) -> str:
        return self.success_message

    def get_success_url(self):
        return reverse("coproduction:moderation-settings", kwargs={"area": self.area.slug})

    def get_cancel_url(self):
        return reverse("core:area", kwargs={"area": self.area.slug})


urlpatterns = [
    path(
        "areas/<slug:area>/co-production/settings/",
        FeedbackSettingsView.as_view(),
        name="moderation-settings",
    ),
]
