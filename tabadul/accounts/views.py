from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from tabadul.core.ratelimit import client_address, rate_limit_exceeded, rate_limit_reset

from . import services
from .forms import ProfileForm, SignInForm, SignUpForm


def _throttle_keys(request) -> list[str]:
    username = request.POST.get("username", "").strip().lower()[:150]
    return [f"login:user:{username}", f"login:addr:{client_address(request)}"]


class SignInView(auth_views.LoginView):
    """Sign-in refusing further attempts after too many failures for one account or address."""

    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        limit = settings.LOGIN_FAILURE_LIMIT
        window = settings.LOGIN_FAILURE_WINDOW_SECONDS
        if any(
            rate_limit_exceeded(key, limit=limit, window_seconds=window, increment=False)
            for key in _throttle_keys(request)
        ):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None, _("Too many failed sign-ins. Wait %(minutes)d minutes and try again.") % {"minutes": window // 60}
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        for key in _throttle_keys(self.request):
            rate_limit_exceeded(
                key, limit=settings.LOGIN_FAILURE_LIMIT, window_seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS
            )
        return super().form_invalid(form)

    def form_valid(self, form):
        rate_limit_reset(_throttle_keys(self.request)[0])
        return super().form_valid(form)


def signup(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_register(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            full_name=form.cleaned_data["full_name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Tabadul. Your account is ready."))
        return redirect("accounts:profile")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name, "position": user.position})
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(actor=user, user=user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    grants = user.role_grants.select_related("local_body")
    return render(request, "accounts/profile.html", {"form": form, "grants": grants})


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html", success_url=reverse_lazy("accounts:password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
