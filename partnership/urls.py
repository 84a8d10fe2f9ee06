from django.contrib.auth import views as auth_views
from django.urls import path

from . import audit, health, two_factor, views

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/set-up/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/", two_factor.verify, name="two_factor_verify"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitation/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("audit/", audit.audit_list, name="audit"),
    path("audit/<str:model>/<int:pk>/", audit.audit_object, name="audit_object"),
    path("healthz", health.healthz, name="healthz"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("account/", views.account, name="account"),
    path("account/notifications/", views.notification_preferences, name="notification_preferences"),
    path("notices/<int:pk>/dismiss/", views.notice_dismiss, name="notice_dismiss"),
    path("account/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
