from django.urls import path

from core import views

app_name = "core"

area = "areas/<slug:area>/"
urlpatterns = [
    path("areas/", views.AreaListView.as_view(), name="area-list"),
    path(area, views.AreaOverviewView.as_view(), name="area"),
    path(f"{area}organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path(
        f"{area}organisations/add/", views.OrganisationCreateView.as_view(), name="organisation-add"
    ),
    path(
        f"{area}organisations/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path(
        f"{area}organisations/<int:pk>/edit/",
        views.OrganisationUpdateView.as_view(),
        name="organisation-edit",
    ),
    path(
        f"{area}organisations/<int:pk>/delete/",
        views.OrganisationDeleteView.as_view(),
        name="organisation-delete",
    ),
    path(f"{area}boards/", views.BoardListView.as_view(), name="board-list"),
    path(f"{area}boards/add/", views.BoardCreateView.as_view(), name="board-add"),
    path(f"{area}boards/<int:pk>/", views.BoardDetailView.as_view(), name="board-detail"),
    path(f"{area}boards/<int:pk>/edit/", views.BoardUpdateView.as_view(), name="board-edit"),
    path(f"{area}boards/<int:pk>/delete/", views.BoardDeleteView.as_view(), name="board-delete"),
    path(f"{area}people/", views.PeopleView.as_view(), name="people"),
    path(f"{area}people/add/", views.PersonAddView.as_view(), name="person-add"),
    path(
        f"{area}people/roles/<int:pk>/remove/",
        views.RoleRevokeView.as_view(),
        name="person-role-remove",
    ),
]
