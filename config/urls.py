from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from core import auth_forms
from core import views as core_views

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

accounts = [
    path("sign-in/", core_views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", core_views.AccountView.as_view(), name="account"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(form_class=auth_forms.ChangePasswordForm),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=auth_forms.ResetPasswordForm,
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=auth_forms.ChooseNewPasswordForm,
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", core_views.HomeView.as_view(), name="home"),
    path("account/", include(accounts)),
    path(
        "accessibility/",
        core_views.StaticPageView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path(
        "privacy/",
        core_views.StaticPageView.as_view(template_name="pages/privacy.html"),
        name="privacy",
    ),
    path(
        "cookies/",
        core_views.StaticPageView.as_view(template_name="pages/cookies.html"),
        name="cookies",
    ),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("", include("core.urls")),
    path("", include("commissioning.urls")),
    path("", include("needs.urls")),
    path("", include("ehcp.urls")),
    path("", include("coproduction.urls")),
]
