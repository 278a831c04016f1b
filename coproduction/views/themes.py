"""The area's themes and co-production charter values: list, add, rename, reorder, remove.

Edited by the area's commissioners and area admins (those who tag feedback with them).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from coproduction import moderation
from coproduction import moderation_selectors as selectors
from coproduction.models import ThemeKind
from coproduction.moderation_forms import ThemeForm
from core.access import AreaAccessMixin
from core.views import AreaDeleteView, AreaFormView

EDITORS = moderation.MODERATORS


def themes_url(area) -> str:
    return reverse("coproduction:moderation-themes", kwargs={"area": area.slug})


class ThemeMixin:
    def get_theme(self):
        if not hasattr(self, "_theme"):
            try:
                self._theme = selectors.theme(access=self.access, pk=self.kwargs["pk"])
            except ObjectDoesNotExist as missing:
                raise Http404 from missing
        return self._theme


class ThemeListView(AreaAccessMixin, TemplateView):
    allowed_roles = EDITORS
    template_name = "coproduction/moderation/themes.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(selectors.themes_with_use(access=self.access))
        kinds = (
            (ThemeKind.THEME, "Themes"),
            (ThemeKind.CHARTER_VALUE, "Co-production charter values"),
        )
        context.update(
            groups=[(label, [row for row in rows if row.kind == kind]) for kind, label in kinds],
            has_charter_values=any(row.kind == ThemeKind.CHARTER_VALUE for row in rows),
            charter_values=moderation.CHARTER_VALUES,
        )
        return context


class ThemeCreateView(AreaFormView):
    allowed_roles = EDITORS
    form_class = ThemeForm
    title = "Add a theme"
    submit_label = "Add theme"
    success_message = "{object.name} has been added"

    def save(self, form):
        return moderation.create_theme(
            access=self.access, actor=self.request.user, data=form.model_data()
        )

    def get_success_url(self):
        return themes_url(self.area)


class ThemeUpdateView(ThemeMixin, AreaFormView):
    allowed_roles = EDITORS
    form_class = ThemeForm
    submit_label = "Save changes"
    success_message = "{object.name} has been saved"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_theme()}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", f"Edit {self.get_theme().name}")
        return super().get_context_data(**kwargs)

    def save(self, form):
        return moderation.update_theme(
            theme=self.get_theme(), actor=self.request.user, data=form.model_data()
        )

    def get_success_url(self):
        return themes_url(self.area)


class ThemeMoveView(ThemeMixin, AreaAccessMixin, View):
    allowed_roles = EDITORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        theme = self.get_theme()
        moderation.move_theme(
            theme=theme, actor=request.user, up=request.POST.get("direction") == "up"
        )
        return HttpResponseRedirect(themes_url(self.area) + f"#theme-{theme.pk}")


class ThemeDeleteView(AreaDeleteView):
    allowed_roles = EDITORS

    def get_queryset(self):
        return selectors.themes(access=self.access)

    def delete(self, obj) -> None:
        moderation.delete_theme(theme=obj, actor=self.request.user)

    def get_success_url(self, obj) -> str:
        return themes_url(self.area)

    def object_url(self, obj) -> str:
        return themes_url(self.area)


class CharterValuesView(AreaAccessMixin, View):
    """Add the co-production charter's values the area does not have yet."""

    allowed_roles = EDITORS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        added = moderation.add_charter_values(access=self.access, actor=request.user)
        if added:
            messages.success(request, f"{added} charter value{'s' if added != 1 else ''} added")
        else:
            messages.info(request, "The area already has every charter value")
        return HttpResponseRedirect(themes_url(self.area))


BASE = "areas/<slug:area>/co-production/themes/"

urlpatterns = [
    path(BASE, ThemeListView.as_view(), name="moderation-themes"),
    path(f"{BASE}add/", ThemeCreateView.as_view(), name="moderation-theme-add"),
    path(f"{BASE}charter-values/", CharterValuesView.as_view(), name="moderation-themes-charter"),
    path(f"{BASE}<int:pk>/edit/", ThemeUpdateView.as_view(), name="moderation-theme-edit"),
    path(f"{BASE}<int:pk>/move/", ThemeMoveView.as_view(), name="moderation-theme-move"),
    path(f"{BASE}<int:pk>/delete/", ThemeDeleteView.as_view(), name="moderation-theme-delete"),
]
