from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("sign-up/", views.signup, name="signup"),
    path("sign-up/sent/", views.signup_sent, name="signup_sent"),
    path("activate/<uidb64>/<token>/", views.activate, name="activate"),
    path("me/", views.profile, name="profile"),
    path("me/join/", views.join_body, name="join_body"),
    path("me/join/<int:pk>/withdraw/", views.join_request_withdraw, name="join_request_withdraw"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
]
