"""EHCP views: the ledger of frozen months, with any later corrections beside them."""

from __future__ import annotations

from django.urls import path
from django.views.generic import TemplateView

from core.access import AreaAccessMixin
from ehcp import snapshots
from ehcp.views.monthly import READERS


class LedgerView(AreaAccessMixin, TemplateView):
    allowed_roles = READERS
    template_name = "ehcp/ledger.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        page_obj, rows = snapshots.ledger(self.access, page=self.request.GET.get("page") or 1)
        kwargs.update(page_obj=page_obj, rows=rows, headlines=snapshots.HEADLINES)
        return super().get_context_data(**kwargs)


urlpatterns = [path("areas/<slug:area>/ehcp/ledger/", LedgerView.as_view(), name="ledger")]
