from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from sharaka.core import second_factor, signin, views

urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path("audit/", views.audit_log, name="audit_log"),
    path(
        "accounts/login/",
        login_not_required(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/reset/", login_not_required(signin.PasswordResetView.as_view()), name="password_reset"),
    path(
        "accounts/reset/sent/",
        login_not_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        login_not_required(signin.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path("accounts/two-factor/", second_factor.setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", second_factor.verify, name="two_factor_verify"),
    path("accounts/two-factor/recovery-codes/", second_factor.recovery_codes, name="two_factor_recovery"),
    path(
        "accounts/reset/done/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
