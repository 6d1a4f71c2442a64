import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.forms import NON_FIELD_ERRORS
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tabadul.core.links import SameSiteRedirectMixin
from tabadul.core.ratelimit import address_limit_wait

from . import services
from .backends import sign_in_wait_minutes
from .forms import ProfileForm, SignInForm, SignUpForm
from .models import User


def _refuse(form, wait_seconds: int):
    """The form for a 429 page, its own errors replaced by one: a refused attempt tells nothing more."""
    form.errors.clear()
    message = _("Too many attempts from your address. Wait %(minutes)d minutes and try again.")
    form.add_error(None, message % {"minutes": math.ceil(wait_seconds / 60)})
    return form


def _too_many(response, wait_seconds: int):
    response.status_code = 429
    response["Retry-After"] = str(wait_seconds)
    return response


class SignInView(SameSiteRedirectMixin, auth_views.LoginView):
    """Sign-in; the throttle itself is in the authentication backend (backends.py), this page only shows it."""

    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "throttled"):
            return _too_many(response, 60 * sign_in_wait_minutes(self.request, form.cleaned_data["username"]))
        return response


class SignOutView(SameSiteRedirectMixin, auth_views.LogoutView):
    """Sign-out; a `next` address is followed only when it is a path on this site."""


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and (request.POST.get("username") or request.POST.get("email")):
        wait = address_limit_wait(
            request,
            "sign-up",
            limit=settings.SIGNUP_LIMIT_PER_ADDRESS,
            window_seconds=settings.ACCOUNT_FORMS_WINDOW_SECONDS,
        )
        if wait:
            return _too_many(render(request, "accounts/signup.html", {"form": _refuse(form, wait)}), wait)
        if form.is_valid():
            services.user_register(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"],
            )
            return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form})


@require_GET
def signup_sent(request):
    return render(request, "accounts/signup_sent.html")


@require_http_methods(["GET", "POST"])
def activate(request, uidb64, token):
    """The link of the sign-up mail: a page with a button, so a mail scanner opening the link activates nothing."""
    try:
        account = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, ValidationError, User.DoesNotExist):
        account = None
    validlink = account is not None and services.activation_link_valid(user=account, token=token)
    if request.method == "POST" and validlink:
        services.user_activate(user=account, token=token)
        messages.success(request, _("Your account is active. Sign in to start."))
        return redirect("accounts:login")
    return render(request, "accounts/activate.html", {"validlink": validlink, "account": account})


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


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, which answers the same whether an address has an account, limited per client address."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if request.POST.get("email"):
            wait = address_limit_wait(
                request,
                "password-reset",
                limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
                window_seconds=settings.ACCOUNT_FORMS_WINDOW_SECONDS,
            )
            if wait:
                form = _refuse(self.get_form(), wait)
                return _too_many(self.render_to_response(self.get_context_data(form=form)), wait)
        return super().post(request, *args, **kwargs)


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html", success_url=reverse_lazy("accounts:password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
