""" "You said, we did": what an area publishes of its feedback, and people's own feedback.

Public pages (no sign-in; the area must exist): the list with filters, an easy-read version of
the same list, one item with the actions taken, and the counts by theme and status as CSV.
Signed-in pages: the feedback the person sent in the area, and each item of it; nobody else's.
Everything is read through ``coproduction.public_selectors``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import path
from django.utils.http import urlencode
from django.views.generic import TemplateView, View

from coproduction import public_selectors as selectors
from coproduction.models import Feedback, FeedbackStatus
from coproduction.public_forms import PublicFilterForm
from coproduction.public_presenters import StatusWords, status_words
from coproduction.selectors import public_feedback_allowed
from core import exports
from core.access import AreaAccessMixin
from core.models import Role
from ehcp import measures

#: Statuses that say the feedback has been answered (ADR 0014: each needs its response or
#: reason), so its sender may read the response before, or without, publication.
ANSWERED = frozenset(
    {
        FeedbackStatus.RESPONDED,
        FeedbackStatus.ACTION_LINKED,
        FeedbackStatus.DONE,
        FeedbackStatus.NOT_POSSIBLE,
    }
)


def found(read, **kwargs):
    try:
        return read(**kwargs)
    except ObjectDoesNotExist as missing:
        raise Http404("No such feedback") from missing


@dataclass(frozen=True)
class Item:
    """A feedback row with its status words, for a template."""

    feedback: Feedback
    words: StatusWords


def items(rows) -> list[Item]:
    return [Item(feedback, status_words(feedback.status)) for feedback in rows]


def is_small(count: int) -> bool:
    """A count of 1 to 4 people or items: the counts table shows it as ``c`` (QUALITY.md S12),
    so no sentence may print it either (the threshold in force, PORTAL_SMALL_NUMBER_THRESHOLD)."""
    return 0 < count < measures.small_number_threshold()


class PublicPage(AreaAccessMixin):
    public = True
    http_method_names = ["get", "head"]


class YouSaidWeDidView(PublicPage, TemplateView):
    """Published feedback and what was done, filtered by theme and status, ten to a page."""

    template_name = "coproduction/public/list.html"
    easy = False
    per_page = 10

    def get_context_data(self, **kwargs):
        themes = list(selectors.public_themes(access=self.access))
        form = PublicFilterForm(self.request.GET or None, themes=themes, easy=self.easy)
        theme, status = form.chosen()
        rows = selectors.published_feedback(access=self.access, theme=theme, status=status)
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("page"))
        filters = {"theme": theme.pk if theme else "", "status": status}
        counts = selectors.public_counts(access=self.access)
        kwargs.update(
            form=form,
            page_obj=page,
            items=items(page.object_list),
            theme=theme,
            filtered=bool(theme or status),
            total_is_small=is_small(page.paginator.count),
            threshold=measures.small_number_threshold(),
            query=urlencode({key: value for key, value in filters.items() if value}),
            counts=counts,
            counts_tables=[counts.by_theme, counts.by_status],
            easy=self.easy,
        )
        return super().get_context_data(**kwargs)


class EasyReadView(YouSaidWeDidView):
    template_name = "coproduction/public/easy_read.html"
    easy = True


class PublicItemView(PublicPage, TemplateView):
    """One published item: what was said, what was done, and the actions taken."""

    template_name = "coproduction/public/item.html"

    def get_context_data(self, **kwargs):
        feedback = found(selectors.published_item, access=self.access, pk=self.kwargs["pk"])
        kwargs.update(
            item=Item(feedback, status_words(feedback.status)),
            actions=list(selectors.actions_taken(access=self.access, feedback=feedback)),
            priorities=list(selectors.priorities_linked(access=self.access, feedback=feedback)),
        )
        return super().get_context_data(**kwargs)


class CountsCsvView(PublicPage, View):
    """The counts by theme and by status, as published: suppressed cells are ``c``."""

    def get(self, request, *args, **kwargs):
        counts = selectors.public_counts(access=self.access)
        return exports.download(
            headers=["Table", "Row", "Published feedback items"],
            rows=counts.csv_rows(),
            filename=f"you-said-we-did-{self.area.slug}",
            fmt="csv",
        )


class OwnFeedbackPage(AreaAccessMixin):
    """Anyone signed in who sent feedback in the area (it may be open to people of other areas)
    sees what they sent; the rows themselves are limited to theirs by the selectors."""

    public = True
    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)


class OwnFeedbackListView(OwnFeedbackPage, TemplateView):
    template_name = "coproduction/public/own_list.html"
    per_page = 20

    def get_context_data(self, **kwargs):
        rows = selectors.own_feedback(access=self.access, user=self.request.user)
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("page"))
        can_give = self.access.has_any({Role.FORUM_MEMBER}) or public_feedback_allowed(
            area=self.area
        )
        kwargs.update(page_obj=page, items=items(page.object_list), query="", can_give=can_give)
        return super().get_context_data(**kwargs)


class OwnFeedbackItemView(OwnFeedbackPage, TemplateView):
    template_name = "coproduction/public/own_item.html"

    def get_context_data(self, **kwargs):
        feedback = found(
            selectors.own_item, access=self.access, user=self.request.user, pk=self.kwargs["pk"]
        )
        kwargs.update(
            item=Item(feedback, status_words(feedback.status)),
            # the answer once published, or once the item's status says it is answered (a
            # response saved while the item is still being themed may be a draft)
            show_response=bool(feedback.response)
            and (feedback.is_published or feedback.status in ANSWERED),
            actions=list(selectors.actions_taken(access=self.access, feedback=feedback)),
            priorities=list(selectors.priorities_linked(access=self.access, feedback=feedback)),
        )
        return super().get_context_data(**kwargs)


base = "areas/<slug:area>/you-said-we-did/"
own = "areas/<slug:area>/your-feedback/"
urlpatterns = [
    path(base, YouSaidWeDidView.as_view(), name="you-said-we-did"),
    path(f"{base}easy-read/", EasyReadView.as_view(), name="you-said-we-did-easy-read"),
    path(f"{base}counts.csv", CountsCsvView.as_view(), name="you-said-we-did-counts-csv"),
    path(f"{base}<int:pk>/", PublicItemView.as_view(), name="you-said-we-did-item"),
    path(own, OwnFeedbackListView.as_view(), name="your-feedback"),
    path(f"{own}<int:pk>/", OwnFeedbackItemView.as_view(), name="your-feedback-item"),
]
