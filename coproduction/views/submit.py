"""Giving feedback: the adult form and the young people's form, one thing per page.

Server-side steps, no JavaScript needed: each step's answers are kept in the
session until the check page sends them (``services.submit_feedback``). Who
may use the pages: the area's forum members, signed in; anyone when the area
allows public feedback (docs/adr/0013).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.views.generic import TemplateView

from coproduction import forms, selectors, services
from coproduction.models import Channel, ContactPurpose, Feeling, Speaker
from core.access import AreaAccessMixin
from core.models import Role

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    slug: str  # the URL part; the route is "<flow prefix>-<slug>"
    form_class: type[forms.StepForm]
    title: str  # the page heading (a one-question page shows its question instead)
    #: given the answers so far, True when the step is not needed
    skip_when: str = ""
    #: the fields whose answers the check page lists, in order
    shows: tuple[str, ...] = ()


@dataclass(frozen=True)
class Flow:
    name: str  # session key part and template variable
    prefix: str  # URL name prefix
    path: str  # URL path under /areas/<area>/
    title: str
    steps: tuple[Step, ...]
    #: answers the flow fixes without asking
    fixed: dict = field(default_factory=dict)
    check_title: str = "Check your answers before sending your feedback"
    send_label: str = "Send feedback"
    young: bool = False

    def url(self, name: str, area) -> str:
        return reverse(f"coproduction:{self.prefix}-{name}", kwargs={"area": area.slug})

    def step(self, slug: str) -> Step:
        return next(step for step in self.steps if step.slug == slug)


ADULT = Flow(
    name="adult",
    prefix="feedback",
    path="feedback/",
    title="Give feedback",
    steps=(
        Step("who", forms.SpeakerForm, "Who are you?", shows=("speaker",)),
        Step(
            "about",
            forms.AboutForm,
            "What is your feedback about?",
            shows=("about_priority", "about_service"),
        ),
        Step(
            "your-views",
            forms.QuestionsForm,
            "Your views",
            shows=("working", "not_working", "future", "anything_else"),
        ),
        Step("publishing", forms.ConsentForm, "Can we publish your feedback?", shows=("consent",)),
        Step("contact", forms.ContactChoiceForm, "Can we contact you?", shows=("contact_wanted",)),
        Step(
            "contact-details",
            forms.ContactForm,
            "Your contact details",
            skip_when="no_contact",
            shows=("name", "email", "phone", "purpose"),
        ),
    ),
    fixed={"channel": Channel.ADULT},
)

YOUNG = Flow(
    name="young",
    prefix="feedback-young",
    path="feedback/young-people/",
    title="Tell us what you think",
    steps=(
        Step("feeling", forms.FeelingForm, "How do you feel?", shows=("feeling",)),
        Step("good", forms.GoodForm, "What is good?", shows=("working",)),
        Step("not-good", forms.NotGoodForm, "What is not good?", shows=("not_working",)),
        Step("better", forms.BetterForm, "What would make it better?", shows=("future",)),
        Step("share", forms.ShareForm, "Can we share it?", shows=("consent",)),
        Step(
            "contact",
            forms.YoungContactChoiceForm,
            "Can we reach you?",
            shows=("contact_wanted",),
        ),
        Step(
            "contact-details",
            forms.YoungContactForm,
            "How can we reach you?",
            skip_when="no_contact",
            shows=("name", "email", "phone"),
        ),
    ),
    fixed={"channel": Channel.YOUNG_PEOPLE, "speaker": Speaker.YOUNG_PERSON},
    check_title="Check what you told us",
    send_label="Send",
    young=True,
)

FLOWS = (ADULT, YOUNG)
ANSWERS = set(services.ANSWER_FIELDS)
CONTACT = set(services.CONTACT_FIELDS)


class Journey:
    """A person's answers to one flow in one area, kept in the session until sent."""

    def __init__(self, request, area, flow: Flow):
        self.session = request.session
        self.key = f"coproduction:{area.slug}:{flow.name}"
        self.done_key = f"coproduction:{area.slug}:sent"
        self.flow = flow

    @property
    def data(self) -> dict:
        data = self.session.get(self.key)
        if data is None:
            data = {"token": str(uuid.uuid4()), "answers": {}}
            self.session[self.key] = data
        return data

    @property
    def answers(self) -> dict:
        return self.data["answers"]

    def save(self, values: dict) -> None:
        data = self.data
        data["answers"] = {**data["answers"], **values}
        if values.get("contact_wanted") == "no":
            for name in CONTACT:
                data["answers"].pop(name, None)
        self.session[self.key] = data  # marks the session modified

    def needed(self, step: Step) -> bool:
        return not (step.skip_when == "no_contact" and self.answers.get("contact_wanted") != "yes")

    def first_missing(self) -> Step | None:
        """The first step still to answer (a step is answered once it was saved)."""
        answered = set(self.answers)
        for step in self.flow.steps:
            if not self.needed(step):
                continue
            form_fields = set(step.form_class.base_fields)
            if not form_fields & answered:
                return step
        if not any(self.answers.get(name) for name in forms.QUESTIONS):
            asks = set(forms.QUESTIONS)
            return next(s for s in self.flow.steps if set(s.form_class.base_fields) & asks)
        return None

    def finish(self, reference: str) -> None:
        self.session.pop(self.key, None)
        self.session[self.done_key] = reference

    def sent_reference(self) -> str:
        return self.session.get(self.done_key, "")


class FeedbackGateMixin:
    """Runs after ``AreaAccessMixin`` has resolved the area: who may give feedback here.

    With public feedback off (the default), only the area's forum members, signed
    in: anonymous people are asked to sign in, people of other areas get 404 and
    other roles 403, as on every other member page.
    """

    flow: Flow = ADULT

    def dispatch(self, request, *args, **kwargs):
        self.public_allowed = selectors.public_feedback_allowed(area=self.area)
        if not self.public_allowed:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.access.is_member:
                raise Http404("No such page in your areas")
            if Role.FORUM_MEMBER not in self.access.roles:
                raise PermissionDenied("Only forum members can give feedback here")
        self.journey = Journey(request, self.area, self.flow)
        response = super().dispatch(request, *args, **kwargs)
        # The pages show what people typed, contact details included: never cached.
        patch_cache_control(response, no_store=True, private=True)
        return response

    def get_context_data(self, **kwargs):
        kwargs.setdefault("flow", self.flow)
        kwargs.setdefault("public_allowed", self.public_allowed)
        kwargs.setdefault("start_url", self.flow.url("start", self.area))
        kwargs.setdefault("check_url", self.flow.url("check", self.area))
        kwargs.setdefault("retention_days", settings.FEEDBACK_CONTACT_RETENTION_DAYS)
        return super().get_context_data(**kwargs)


class FeedbackPage(AreaAccessMixin, FeedbackGateMixin, TemplateView):
    public = True  # FeedbackGateMixin decides, from the area's setting
    http_method_names = ["get", "head"]


class StartView(FeedbackPage):
    def get_template_names(self):
        return [f"coproduction/submit/start_{self.flow.name}.html"]

    def get_context_data(self, **kwargs):
        kwargs["first_url"] = self.flow.url(self.flow.steps[0].slug, self.area)
        kwargs["other_url"] = (ADULT if self.flow.young else YOUNG).url("start", self.area)
        return super().get_context_data(**kwargs)


class StepView(FeedbackPage):
    http_method_names = ["get", "head", "post"]
    template_name = "coproduction/submit/step.html"
    step: Step = ADULT.steps[0]

    def form(self, data=None):
        return self.step.form_class(
            data,
            access=self.access,
            earlier=self.journey.answers,
            initial=self.journey.answers,
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        self.journey.save(form.to_session())
        return HttpResponseRedirect(self.next_url())

    def next_url(self) -> str:
        steps = self.flow.steps
        if self.request.GET.get("change") and self.journey.first_missing() is None:
            return self.flow.url("check", self.area)
        for step in steps[steps.index(self.step) + 1 :]:
            if self.journey.needed(step):
                return self.flow.url(step.slug, self.area)
        return self.flow.url("check", self.area)

    def back_url(self) -> str:
        steps = self.flow.steps
        if self.request.GET.get("change"):
            return self.flow.url("check", self.area)
        for step in reversed(steps[: steps.index(self.step)]):
            if self.journey.needed(step):
                return self.flow.url(step.slug, self.area)
        return self.flow.url("start", self.area)

    def get_context_data(self, **kwargs):
        form = kwargs["form"]
        single = len(form.fields) == 1
        kwargs.update(
            step=self.step,
            title=form.fields[next(iter(form.fields))].label if single else self.step.title,
            single=single,
            back_url=self.back_url(),
            number=self.flow.steps.index(self.step) + 1,
            total=len(self.flow.steps),
            feelings=[(value, label) for value, label in Feeling.choices],
        )
        return super().get_context_data(**kwargs)


def summary_rows(flow: Flow, journey: Journey, area, access) -> list[dict]:
    """The check page's rows: question, answer as typed, and where to change it."""
    answers = journey.answers
    rows = []
    names = {
        "about_priority": {
            p.pk: f"Priority {p.number}: {p.title}"
            for p in selectors.priorities_to_choose(access=access)
        },
        "about_service": {s.pk: s.name for s in selectors.services_to_choose(access=access)},
    }
    labels = {
        "speaker": dict(Speaker.choices),
        "feeling": dict(Feeling.choices),
        "purpose": dict(ContactPurpose.choices),
        "contact_wanted": dict(forms.YES_NO),
    }
    for step in flow.steps:
        if not journey.needed(step):
            continue
        form = step.form_class(access=access)
        for name in step.shows:
            value = answers.get(name)
            if name in names:
                value = names[name].get(value, "")
            elif name == "consent":
                value = dict(form.fields["consent"].choices).get(value, "")
            elif name in labels:
                value = labels[name].get(value, "")
            rows.append(
                {
                    "key": form.fields[name].label.removesuffix(" (optional)"),
                    "value": value or "",
                    "url": flow.url(step.slug, area) + "?change=1",
                    "name": name,
                }
            )
    return rows


class CheckView(FeedbackPage):
    http_method_names = ["get", "head", "post"]
    template_name = "coproduction/submit/check.html"

    def get(self, request, *args, **kwargs):
        missing = self.journey.first_missing()
        if missing is not None:
            return HttpResponseRedirect(self.flow.url(missing.slug, self.area))
        form = forms.CheckForm(initial={"submission": self.journey.data["token"]})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = forms.CheckForm(request.POST)
        if form.is_spam:
            # A honeypot was filled: nothing saved, and a page that tells a bot nothing.
            logger.info("Feedback honeypot filled in area %s; nothing saved", self.area.slug)
            self.journey.finish("")
            return TemplateResponse(request, "coproduction/submit/done.html", self.done_context())
        if not form.is_valid():  # no token: the page was not ours; start the check again
            return HttpResponseRedirect(self.flow.url("check", self.area))
        token = form.cleaned_data["submission"]
        missing = self.journey.first_missing()
        if missing is not None:
            if sent := selectors.sent_submission_url(token=token):
                return HttpResponseRedirect(sent)
            return HttpResponseRedirect(self.flow.url(missing.slug, self.area))
        answers = {k: v for k, v in self.journey.answers.items() if k in ANSWERS}
        answers = {**answers, **self.flow.fixed, **self.resolve_links(answers)}
        contact = None
        if self.journey.answers.get("contact_wanted") == "yes":
            contact = {k: v for k, v in self.journey.answers.items() if k in CONTACT}
        try:
            result = services.submit_feedback(
                area=self.area,
                token=token,
                answers=answers,
                contact=contact,
                submitted_by=request.user,
                client=services.client_key(get_client_ip_address(request)),
                done_url=self.flow.url("sent", self.area),
                site_url=request.build_absolute_uri("/"),
            )
        except services.Throttled:
            context = self.get_context_data()
            return TemplateResponse(
                request, "coproduction/submit/throttled.html", context, status=429
            )
        except ValidationError:
            return HttpResponseRedirect(self.flow.url(self.flow.steps[0].slug, self.area))
        if result.feedback is not None:
            self.journey.finish(result.feedback.reference)
        return HttpResponseRedirect(result.url)

    def resolve_links(self, answers: dict) -> dict:
        """The priority and service chosen, if they are still the area's to choose."""
        priority = answers.get("about_priority")
        service = answers.get("about_service")
        return {
            "about_priority": selectors.priorities_to_choose(access=self.access)
            .filter(pk=priority)
            .first()
            if priority
            else None,
            "about_service": selectors.services_to_choose(access=self.access)
            .filter(pk=service)
            .first()
            if service
            else None,
        }

    def done_context(self) -> dict:
        return {**self.get_context_data(), "reference": "", "neutral": True}

    def get_context_data(self, **kwargs):
        if "form" in kwargs:
            kwargs["rows"] = summary_rows(self.flow, self.journey, self.area, self.access)
        needed = [step for step in self.flow.steps if self.journey.needed(step)]
        kwargs.setdefault("back_url", self.flow.url(needed[-1].slug, self.area))
        return super().get_context_data(**kwargs)


class SentView(FeedbackPage):
    template_name = "coproduction/submit/done.html"

    def get_context_data(self, **kwargs):
        kwargs["reference"] = self.journey.sent_reference()
        return super().get_context_data(**kwargs)


def _routes(flow: Flow) -> list:
    def name(part: str) -> str:
        return f"{flow.prefix}-{part}"

    base = f"areas/<slug:area>/{flow.path}"
    routes = [path(base, StartView.as_view(flow=flow), name=name("start"))]
    for step in flow.steps:
        view = StepView.as_view(flow=flow, step=step)
        routes.append(path(f"{base}{step.slug}/", view, name=name(step.slug)))
    routes += [
        path(f"{base}check/", CheckView.as_view(flow=flow), name=name("check")),
        path(f"{base}sent/", SentView.as_view(flow=flow), name=name("sent")),
    ]
    return routes


urlpatterns = [*_routes(ADULT), *_routes(YOUNG)]
