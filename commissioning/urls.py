from django.urls import path

from commissioning import views

app_name = "commissioning"

area = "areas/<slug:area>/"
urlpatterns = [
    path(f"{area}plans/", views.PlanListView.as_view(), name="plans"),
    path(f"{area}plans/add/", views.PlanCreateView.as_view(), name="plan-add"),
    path(f"{area}plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path(f"{area}plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan-edit"),
    path(f"{area}plans/<int:pk>/delete/", views.PlanDeleteView.as_view(), name="plan-delete"),
    path(f"{area}plans/<int:pk>/actions/", views.ActionListView.as_view(), name="actions"),
    path(f"{area}plans/<int:pk>/approve/", views.ApproveVersionView.as_view(), name="plan-approve"),
    path(
        f"{area}plans/<int:pk>/compare/", views.CompareVersionsView.as_view(), name="plan-compare"
    ),
    path(f"{area}plans/<int:pk>/print/", views.PlanPrintView.as_view(), name="plan-print"),
    path(
        f"{area}plans/<int:pk>/priorities/add/",
        views.PriorityCreateView.as_view(),
        name="priority-add",
    ),
    path(
        f"{area}priorities/<int:pk>/edit/", views.PriorityUpdateView.as_view(), name="priority-edit"
    ),
    path(
        f"{area}priorities/<int:pk>/move/", views.PriorityMoveView.as_view(), name="priority-move"
    ),
    path(
        f"{area}priorities/<int:pk>/delete/",
        views.PriorityDeleteView.as_view(),
        name="priority-delete",
    ),
    path(
        f"{area}priorities/<int:pk>/actions/add/",
        views.ActionCreateView.as_view(),
        name="action-add",
    ),
    path(f"{area}priorities/<int:pk>/leads/add/", views.LeadCreateView.as_view(), name="lead-add"),
    path(f"{area}leads/<int:pk>/edit/", views.LeadUpdateView.as_view(), name="lead-edit"),
    path(f"{area}leads/<int:pk>/delete/", views.LeadDeleteView.as_view(), name="lead-delete"),
    path(
        f"{area}priorities/<int:pk>/measures/add/",
        views.MeasureCreateView.as_view(),
        name="measure-add",
    ),
    path(f"{area}measures/<int:pk>/edit/", views.MeasureUpdateView.as_view(), name="measure-edit"),
    path(
        f"{area}measures/<int:pk>/delete/", views.MeasureDeleteView.as_view(), name="measure-delete"
    ),
    path(f"{area}actions/<int:pk>/", views.ActionDetailView.as_view(), name="action"),
    path(f"{area}actions/<int:pk>/edit/", views.ActionUpdateView.as_view(), name="action-edit"),
    path(f"{area}actions/<int:pk>/move/", views.ActionMoveView.as_view(), name="action-move"),
    path(f"{area}actions/<int:pk>/delete/", views.ActionDeleteView.as_view(), name="action-delete"),
    path(
        f"{area}actions/<int:pk>/updates/add/",
        views.DeliveryUpdateCreateView.as_view(),
        name="update-add",
    ),
    path(f"{area}history/<slug:kind>/<int:pk>/", views.HistoryView.as_view(), name="history"),
    path(f"{area}services/", views.ServiceRegisterView.as_view(), name="services"),
    path(f"{area}services/add/", views.ServiceCreateView.as_view(), name="service-add"),
    path(f"{area}services/<int:pk>/", views.ServiceDetailView.as_view(), name="service"),
    path(f"{area}services/<int:pk>/edit/", views.ServiceUpdateView.as_view(), name="service-edit"),
    path(
        f"{area}services/<int:pk>/delete/", views.ServiceDeleteView.as_view(), name="service-delete"
    ),
    path(
        f"{area}updates/<int:pk>/edit/", views.DeliveryUpdateEditView.as_view(), name="update-edit"
    ),
    path(
        f"{area}updates/<int:pk>/delete/",
        views.DeliveryUpdateDeleteView.as_view(),
        name="update-delete",
    ),
    path(f"{area}outcomes/", views.FrameworkListView.as_view(), name="frameworks"),
    path(f"{area}outcomes/add/", views.FrameworkFormView.as_view(), name="framework-add"),
    path(
        f"{area}outcomes/<int:pk>/edit/", views.FrameworkFormView.as_view(), name="framework-edit"
    ),
]
