"""Moderation: the queue of an area's feedback, an item's page, publishing, counts by theme.

For the area's commissioners and area admins (the counts also for board members); forum
members and the public never see these pages. Reads go through
``coproduction.moderation_selectors``, writes through ``coproduction.moderation``
(docs/adr/0013, "Moderation").
"""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from commissioning.views import VersionedEditView
from coproduction import charts, moderation
from coproduction import moderation_selectors as selectors
from coproduction.filters import FeedbackFilter
from coproduction.moderation_forms import ModerationForm, PeriodForm, PublishForm
from coproduction.tables import FeedbackTable
from core import exports
from core.access import STAFF_ROLES, AreaAccessMixin
from core.charts import chart_download
from core.models import AuditEvent
from core.services import record_event
from core.views import ADMINS_ONLY, AreaDeleteView

MODERATORS = moderation.MODERATORS


def item_url(area, pk: int) -> str:
    return reverse("coproduction:moderation-item", kwargs={"area": area.slug, "pk": pk})


def queue_url(area) -> str:
    return reverse("coproduction:moderation", kwargs={"area": area.slug})


class QueueView(AreaAccessMixin, TemplateView):
    """The area's feedback, new items first: filtered, counted, paged, downloadable."""

    allowed_roles = MODERATORS
    template_name = "coproduction/moderation/queue.html"
    http_method_names = ["get", "head"]
    per_page = 25

    def get(self, request, *args, **kwargs):
        self.filterset = FeedbackFilter(
            request.GET or None,
            queryset=selectors.feedback_to_moderate(access=self.access),
            access=self.access,
        )
        self.rows = self.filterset.qs
        fmt = request.GET.get("export")
        if fmt in exports.FORMATS:
            return self.download(fmt, with_contacts=request.GET.get("contacts") == "yes")
        self.table = FeedbackTable(
            selectors.queue_page_rows(self.rows),
            access=self.access,
            caption=f"Feedback to {self.area.name}",
        )
        query = request.GET.copy()
        query.pop("sort", None)
        RequestConfig(SimpleNamespace(GET=query), paginate={"per_page": self.per_page}).configure(
            self.table
        )
        return super().get(request, *args, **kwargs)

    def download(self, fmt: str, *, with_contacts: bool):
        """Every filtered item (not just this page); contact details for area admins only."""
        if with_contacts and not selectors.may_read_contacts(self.access):
            raise PermissionDenied("Only area admins may download contact details")
        headers, rows = selectors.export_rows(
            access=self.access, rows=self.rows, with_contacts=with_contacts
        )
        record_event(
            action=AuditEvent.Action.EXPORTED, actor=self.request.user, area=self.area,
            object_type="coproduction.Feedback",
            summary=f"{len(rows)} feedback items as {fmt}"
            + (" with contact details" if with_contacts else ""),
            detail={"rows": len(rows), "format": fmt, "contacts": with_contacts},
        )  # fmt: skip
        name = f"feedback-{self.area.slug}" + ("-with-contacts" if with_contacts else "")
        return exports.download(headers=headers, rows=rows, filename=name, fmt=fmt)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for name in ("export", "page", "contacts", "sort"):
            query.pop(name, None)
        context.update(
            filter=self.filterset,
            form=self.filterset.form,
            table=self.table,
            total=self.table.paginator.count if self.table.page else len(self.table.rows),
            counts=selectors.status_counts(access=self.access),
            query=query.urlencode(),
            filtered=bool(query),
            may_export_contacts=selectors.may_read_contacts(self.access),
            page_has_errors=bool(self.filterset.form.errors),
        )
        return context


FLAGGED_REFUSAL = "Only area admins can change feedback flagged for safeguarding"


def changeable_item(access, pk):
    """The item the reader may change: 404 if it is not theirs to see, 403 if it is flagged
    and they are not an area admin."""
    try:
        feedback = selectors.feedback_item(access=access, pk=pk)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing
    if not moderation.may_change(access, feedback):
        raise PermissionDenied(FLAGGED_REFUSAL)
    return feedback


class ItemView(VersionedEditView):
    """One item: the answers (always escaped), and the commissioner's decisions about it."""

    allowed_roles = MODERATORS
    template_name = "coproduction/moderation/item.html"
    conflict_template = "coproduction/moderation/conflict.html"
    form_class = ModerationForm
    read = staticmethod(selectors.feedback_item)
    submit_label = "Save"
    success_message = "Your changes to {object.reference} have been saved"

    def get_object(self):
        if not hasattr(self, "_object"):
            try:
                self._object = selectors.feedback_item(access=self.access, pk=self.kwargs["pk"])
            except ObjectDoesNotExist as missing:
                raise Http404 from missing
        return self._object

    def get(self, request, *args, **kwargs):
        if not moderation.may_change(self.access, self.get_object()):
            return self.restricted()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not moderation.may_change(self.access, self.get_object()):
            raise PermissionDenied(FLAGGED_REFUSAL)
        return super().post(request, *args, **kwargs)

    def restricted(self):
        """A safeguarding item, for a commissioner: that it exists, not what it says."""
        context = {"area": self.area, "access": self.access, "feedback": self.get_object()}
        return render(self.request, "coproduction/moderation/restricted.html", context)

    def form_context(self) -> dict:
        return {"access": self.access}

    def update(self, obj, *, seen_version, data):
        return moderation.moderate_feedback(
            access=self.access, feedback=obj, actor=self.request.user,
            seen_version=seen_version, data=data,
        )  # fmt: skip

    def get_success_url(self):
        return item_url(self.area, self.get_object().pk)

    def get_cancel_url(self):
        return queue_url(self.area)

    def get_context_data(self, **kwargs):
        feedback = self.get_object()
        kwargs.setdefault("title", f"Feedback {feedback.reference}")
        context = super().get_context_data(**kwargs)
        context.update(
            feedback=feedback,
            contact=selectors.contact_of(access=self.access, feedback=feedback),
            may_read_contacts=selectors.may_read_contacts(self.access),
            publish_problems=moderation.publish_problems(feedback),
            publish_form=PublishForm(initial={"seen_version": feedback.version}),
        )
        return context


class PublishView(AreaAccessMixin, View):
    """Publish (or, with ``publish = False``, unpublish) the version of the item the user saw."""

    allowed_roles = MODERATORS
    http_method_names = ["post"]
    publish = True

    def post(self, request, *args, **kwargs):
        feedback = changeable_item(self.access, kwargs["pk"])
        url = item_url(self.area, feedback.pk)
        form = PublishForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Open the feedback again, then choose what to do")
            return HttpResponseRedirect(url)
        change = moderation.publish_feedback if self.publish else moderation.unpublish_feedback
        try:
            change(
                access=self.access, feedback=feedback, actor=request.user,
                seen_version=form.cleaned_data["seen_version"],
            )  # fmt: skip
        except moderation.StaleEdit:
            messages.error(
                request,
                "Someone else changed this feedback after you opened it, so nothing was "
                f"{'published' if self.publish else 'unpublished'}. Check it, then try again.",
            )
            return HttpResponseRedirect(url + "#publishing")
        except ValidationError as refused:
            messages.error(request, "It cannot be published: " + "; ".join(refused.messages))
            return HttpResponseRedirect(url + "#publishing")
        done = "is now published" if self.publish else "is no longer published"
        messages.success(request, f"Feedback {feedback.reference} {done}")
        return HttpResponseRedirect(url)


class FlagView(AreaAccessMixin, View):
    """Flag an item for safeguarding by hand, when a moderator reads a worry the words missed."""

    allowed_roles = MODERATORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        feedback = changeable_item(self.access, kwargs["pk"])
        moderation.flag_for_safeguarding(
            access=self.access, feedback=feedback, actor=request.user,
            site_url=request.build_absolute_uri("/"),
        )  # fmt: skip
        messages.success(
            request,
            f"Feedback {feedback.reference} is flagged for safeguarding: the area admins are "
            "being emailed, only they can now read or change it, and it will not be published",
        )
        return HttpResponseRedirect(item_url(self.area, feedback.pk))


class DeleteView(AreaDeleteView):
    """Delete an item when its sender asks: 'Are you sure?' on GET, delete on POST. Area admins
    only (they also read flagged items and contact details)."""

    allowed_roles = ADMINS_ONLY
    template_name = "coproduction/moderation/delete.html"

    def get_queryset(self):
        return selectors.feedback_to_moderate(access=self.access)

    def post(self, request, *args, **kwargs):
        reference = moderation.delete_feedback(
            access=self.access, feedback=self.get_object(), actor=request.user
        )
        messages.success(request, f"Feedback {reference} has been deleted")
        return HttpResponseRedirect(queue_url(self.area))

    def object_url(self, obj) -> str:
        return item_url(self.area, obj.pk)


class TrendsView(AreaAccessMixin, TemplateView):
    """How many items each theme had per month or quarter: a chart, its table, a CSV."""

    allowed_roles = STAFF_ROLES
    template_name = "coproduction/moderation/trends.html"
    http_method_names = ["get", "head"]

    def chart(self):
        self.form = PeriodForm(self.request.GET or None, initial={"period": "quarter"})
        period = self.form.chosen()
        starts, counts, untagged = selectors.theme_counts(access=self.access, period=period)
        self.counts = counts
        return charts.theme_trend(
            labels=[selectors.period_label(start, period) for start in starts],
            counts=counts,
            period=period,
            untagged=untagged,
            area_slug=self.area.slug,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chart = self.chart()
        csv = reverse("coproduction:moderation-trends-csv", kwargs={"area": self.area.slug})
        query = self.request.GET.urlencode()
        context.update(
            chart=chart,
            has_counts=bool(self.counts),
            form=self.form,
            csv_url=f"{csv}?{query}" if query else csv,
            may_moderate=selectors.may_moderate(self.access),
            page_has_errors=bool(self.form.errors),
        )
        return context


class TrendsCsvView(TrendsView):
    def get(self, request, *args, **kwargs):
        chart = self.chart()
        record_event(
            action=AuditEvent.Action.EXPORTED, actor=request.user, area=self.area,
            object_type="coproduction.Feedback", summary=f"{chart.csv_filename}.csv",
        )  # fmt: skip
        return chart_download(chart)


class UnpublishView(PublishView):
    publish = False


BASE = "areas/<slug:area>/co-production/"

urlpatterns = [
    path(f"{BASE}feedback/", QueueView.as_view(), name="moderation"),
    path(f"{BASE}feedback/<int:pk>/", ItemView.as_view(), name="moderation-item"),
    path(f"{BASE}feedback/<int:pk>/publish/", PublishView.as_view(), name="moderation-publish"),
    path(
        f"{BASE}feedback/<int:pk>/unpublish/",
        UnpublishView.as_view(),
        name="moderation-unpublish",
    ),
    path(f"{BASE}feedback/<int:pk>/flag/", FlagView.as_view(), name="moderation-flag"),
    path(f"{BASE}feedback/<int:pk>/delete/", DeleteView.as_view(), name="moderation-delete"),
    path(f"{BASE}trends/", TrendsView.as_view(), name="moderation-trends"),
    path(f"{BASE}trends/themes.csv", TrendsCsvView.as_view(), name="moderation-trends-csv"),
]
