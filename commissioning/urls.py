from django.urls import path

from commissioning.views import actions, frameworks, history, plans, register, updates

app_name = "commissioning"

area = "areas/<slug:area>/"
urlpatterns = [
    path(f"{area}plans/", plans.PlanListView.as_view(), name="plans"),
    path(f"{area}plans/add/", plans.PlanCreateView.as_view(), name="plan-add"),
    path(f"{area}plans/<int:pk>/", plans.PlanDetailView.as_view(), name="plan"),
    path(f"{area}plans/<int:pk>/edit/", plans.PlanUpdateView.as_view(), name="plan-edit"),
    path(f"{area}plans/<int:pk>/delete/", plans.PlanDeleteView.as_view(), name="plan-delete"),
    path(f"{area}plans/<int:pk>/actions/", actions.ActionListView.as_view(), name="actions"),
    path(
        f"{area}plans/<int:pk>/approve/", history.ApproveVersionView.as_view(), name="plan-approve"
    ),
    path(
        f"{area}plans/<int:pk>/compare/", history.CompareVersionsView.as_view(), name="plan-compare"
    ),
    path(f"{area}plans/<int:pk>/print/", plans.PlanPrintView.as_view(), name="plan-print"),
    path(
        f"{area}plans/<int:pk>/priorities/add/",
        plans.PriorityCreateView.as_view(),
        name="priority-add",
    ),
    path(
        f"{area}priorities/<int:pk>/edit/", plans.PriorityUpdateView.as_view(), name="priority-edit"
    ),
    path(
        f"{area}priorities/<int:pk>/move/", plans.PriorityMoveView.as_view(), name="priority-move"
    ),
    path(
        f"{area}priorities/<int:pk>/delete/",
        plans.PriorityDeleteView.as_view(),
        name="priority-delete",
    ),
    path(
        f"{area}priorities/<int:pk>/actions/add/",
        actions.ActionCreateView.as_view(),
        name="action-add",
    ),
    path(
        f"{area}priorities/<int:pk>/leads/add/", updates.LeadCreateView.as_view(), name="lead-add"
    ),
    path(f"{area}leads/<int:pk>/edit/", updates.LeadUpdateView.as_view(), name="lead-edit"),
    path(f"{area}leads/<int:pk>/delete/", updates.LeadDeleteView.as_view(), name="lead-delete"),
    path(
        f"{area}priorities/<int:pk>/measures/add/",
        updates.MeasureCreateView.as_view(),
        name="measure-add",
    ),
    path(
        f"{area}measures/<int:pk>/edit/", updates.MeasureUpdateView.as_view(), name="measure-edit"
    ),
    path(
        f"{area}measures/<int:pk>/delete/",
        updates.MeasureDeleteView.as_view(),
        name="measure-delete",
    ),
    path(f"{area}actions/<int:pk>/", actions.ActionDetailView.as_view(), name="action"),
    path(f"{area}actions/<int:pk>/edit/", actions.ActionUpdateView.as_view(), name="action-edit"),
    path(f"{area}actions/<int:pk>/move/", actions.ActionMoveView.as_view(), name="action-move"),
    path(
        f"{area}actions/<int:pk>/delete/", actions.ActionDeleteView.as_view(), name="action-delete"
    ),
    path(
        f"{area}actions/<int:pk>/updates/add/",
        updates.DeliveryUpdateCreateView.as_view(),
        name="update-add",
    ),
    path(f"{area}history/<slug:kind>/<int:pk>/", history.HistoryView.as_view(), name="history"),
    path(f"{area}services/", register.ServiceRegisterView.as_view(), name="services"),
    path(f"{area}services/add/", register.ServiceCreateView.as_view(), name="service-add"),
    path(f"{area}services/<int:pk>/", register.ServiceDetailView.as_view(), name="service"),
    path(
        f"{area}services/<int:pk>/edit/", register.ServiceUpdateView.as_view(), name="service-edit"
    ),
    path(
        f"{area}services/<int:pk>/delete/",
        register.ServiceDeleteView.as_view(),
        name="service-delete",
    ),
    path(
        f"{area}updates/<int:pk>/edit/",
        updates.DeliveryUpdateEditView.as_view(),
        name="update-edit",
    ),
    path(
        f"{area}updates/<int:pk>/delete/",
        updates.DeliveryUpdateDeleteView.as_view(),
        name="update-delete",
    ),
    path(f"{area}outcomes/", frameworks.FrameworkListView.as_view(), name="frameworks"),
    path(f"{area}outcomes/add/", frameworks.FrameworkFormView.as_view(), name="framework-add"),
    path(
        f"{area}outcomes/<int:pk>/edit/",
        frameworks.FrameworkFormView.as_view(),
        name="framework-edit",
    ),
]
