"""Pages of forward plans: read by everyone in the area (the public: approved plans),
edited by the area's commissioners.

One module per page family: :mod:`~commissioning.views.plans` (plans and priorities),
:mod:`~commissioning.views.actions`, :mod:`~commissioning.views.updates` (delivery
updates, leads and success measures), :mod:`~commissioning.views.register` (the services
register), :mod:`~commissioning.views.history` (history, approved versions, comparing
them) and :mod:`~commissioning.views.frameworks` (outcome frameworks), on what
:mod:`~commissioning.views.base` shares (editors, addresses, the editing base classes).
``commissioning.urls`` imports the families; this module re-exports their names, so
``from commissioning.views import VersionedEditView`` (needs, co-production) still works.
"""

from __future__ import annotations

from commissioning.views.actions import (
    ActionCreateView,
    ActionDeleteView,
    ActionDetailView,
    ActionListView,
    ActionMoveView,
    ActionUpdateView,
)
from commissioning.views.base import (
    EDITORS,
    ActionMixin,
    EditorFormView,
    PlanMixin,
    PriorityMixin,
    VersionedEditView,
    action_url,
    found,
    plan_url,
    service_url,
)
from commissioning.views.frameworks import FRAMEWORK_EDITORS, FrameworkFormView, FrameworkListView
from commissioning.views.history import (
    HISTORY_KINDS,
    ApproveVersionView,
    CompareVersionsView,
    HistoryView,
)
from commissioning.views.plans import (
    RAGS,
    PlanCreateView,
    PlanDeleteView,
    PlanDetailView,
    PlanListView,
    PlanPrintView,
    PlanUpdateView,
    PriorityCreateView,
    PriorityDeleteView,
    PriorityMoveView,
    PriorityUpdateView,
)
from commissioning.views.register import (
    ServiceCreateView,
    ServiceDeleteView,
    ServiceDetailView,
    ServiceRegisterView,
    ServiceUpdateView,
)
from commissioning.views.updates import (
    AreaFormKwargs,
    DeliveryUpdateCreateView,
    DeliveryUpdateDeleteView,
    DeliveryUpdateEditView,
    LeadCreateView,
    LeadDeleteView,
    LeadUpdateView,
    MeasureCreateView,
    MeasureDeleteView,
    MeasureUpdateView,
    PriorityPartCreateView,
    PriorityPartDeleteView,
    PriorityPartUpdateView,
)

__all__ = [
    "EDITORS",
    "FRAMEWORK_EDITORS",
    "HISTORY_KINDS",
    "RAGS",
    "ActionCreateView",
    "ActionDeleteView",
    "ActionDetailView",
    "ActionListView",
    "ActionMixin",
    "ActionMoveView",
    "ActionUpdateView",
    "ApproveVersionView",
    "AreaFormKwargs",
    "CompareVersionsView",
    "DeliveryUpdateCreateView",
    "DeliveryUpdateDeleteView",
    "DeliveryUpdateEditView",
    "EditorFormView",
    "FrameworkFormView",
    "FrameworkListView",
    "HistoryView",
    "LeadCreateView",
    "LeadDeleteView",
    "LeadUpdateView",
    "MeasureCreateView",
    "MeasureDeleteView",
    "MeasureUpdateView",
    "PlanCreateView",
    "PlanDeleteView",
    "PlanDetailView",
    "PlanListView",
    "PlanMixin",
    "PlanPrintView",
    "PlanUpdateView",
    "PriorityCreateView",
    "PriorityDeleteView",
    "PriorityMixin",
    "PriorityMoveView",
    "PriorityPartCreateView",
    "PriorityPartDeleteView",
    "PriorityPartUpdateView",
    "PriorityUpdateView",
    "ServiceCreateView",
    "ServiceDeleteView",
    "ServiceDetailView",
    "ServiceRegisterView",
    "ServiceUpdateView",
    "VersionedEditView",
    "action_url",
    "found",
    "plan_url",
    "service_url",
]
