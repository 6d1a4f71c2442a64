import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.forms import NON_FIELD_ERRORS
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tabadul.core.actions import refuse_on_form
from tabadul.core.bidi import sentence
from tabadul.core.confirm import confirm_form, confirmed_action
from tabadul.core.links import SameSiteRedirectMixin
from tabadul.core.pagination import paginate
from tabadul.core.ratelimit import address_limit_wait
from tabadul.directory.models import LocalBody

from . import selectors, services
from .backends import sign_in_wait_minutes
from .forms import (
    ApproveJoinRequestForm,
    BodyRolesForm,
    InviteForm,
    JoinBodyForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
)
from .models import BodyInvitation, BodyJoinRequest


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
                join_body=form.cleaned_data["join_body"],
                position=form.cleaned_data["position"],
                department=form.cleaned_data["department"],
            )
            return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form})


@require_GET
def signup_sent(request):
    return render(request, "accounts/signup_sent.html")


@require_http_methods(["GET", "POST"])
def activate(request, uidb64, token):
    """The link of the sign-up mail: a page with a button, so a mail scanner opening the link activates nothing."""
    account = selectors.account_from_link(uidb64)
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
    pending = selectors.my_join_requests(user).filter(status=BodyJoinRequest.Status.PENDING).first()
    context = {"form": form, "roles": selectors.held_roles(user), "pending": pending}
    return render(request, "accounts/profile.html", context)


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


# --- Joining a body, and a body's people (issue 16) -------------------------------------------------------------


def _posted(request):
    """The POST data, even when empty (an empty POST is a decision too: approve with no role, remove)."""
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(["GET", "POST"])
def join_body(request):
    """ "Join my body": ask a local body's administrators to confirm that you work there."""
    user = request.user
    pending = selectors.my_join_requests(user).filter(status=BodyJoinRequest.Status.PENDING).first()
    form = JoinBodyForm(_posted(request), initial={"position": user.position, "department": user.department})
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            services.body_join_request_create(actor=user, **form.cleaned_data)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Your request is sent. The body's administrators will decide."))
            return redirect("accounts:join_body")
    history = selectors.my_join_requests(user)[:10]
    return render(request, "accounts/join_body.html", {"form": form, "pending": pending, "history": history})


@login_required
@require_POST
def join_request_withdraw(request, pk):
    join_request = get_object_or_404(BodyJoinRequest, pk=pk, user=request.user, status=BodyJoinRequest.Status.PENDING)
    services.body_join_request_withdraw(actor=request.user, join_request=join_request)
    messages.success(request, _("Your request is withdrawn."))
    return redirect("accounts:join_body")


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The link of an invitation e-mail: signed in with the invited address, the person accepts and joins."""
    found = services.body_invitation_by_token(token)
    if found is None:
        return render(request, "accounts/invitation.html", {"invitation": None}, status=404)
    user = request.user
    right_account = user.is_authenticated and user.email.lower() == found.email.lower()
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not right_account:
            raise PermissionDenied
        services.body_invitation_accept(actor=user, token=token)
        messages.success(request, sentence(_("Welcome: you now work for %(body)s on Tabadul."), body=found.local_body))
        return redirect("accounts:profile")
    return render(request, "accounts/invitation.html", {"invitation": found, "right_account": right_account})


def _managed_body(request, slug):
    body = get_object_or_404(LocalBody, slug=slug)
    if not request.user.has_perm("accounts.manage_body_people", body):
        raise PermissionDenied
    return body


@login_required
@require_GET
def body_people(request, slug):
    """A body's people: staff and their roles, requests to decide, open invitations, recent changes."""
    body = _managed_body(request, slug)
    changes = paginate(request, selectors.body_people_changes(body))
    context = {
        "body": body,
        # A page of the staff (a large municipality has hundreds), kept with the changes' page in the address.
        "staff": paginate(request, selectors.body_staff(body), param="staff"),
        "requests": list(selectors.body_pending_requests(body)),
        "invitations": list(selectors.body_open_invitations(body)),
        "invite_form": InviteForm(),
        "changes": changes,
        "page": changes,
    }
    return render(request, "accounts/body_people.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_decide(request, slug, pk):
    body = _managed_body(request, slug)
    join_request = get_object_or_404(selectors.body_join_requests(body), pk=pk)
    form = ApproveJoinRequestForm(_posted(request))
    decided = join_request.status != BodyJoinRequest.Status.PENDING
    if request.method == "POST" and not decided and form.is_valid():
        roles = form.cleaned_data["roles"]
        services.body_join_request_approve(actor=request.user, join_request=join_request, roles=roles)
        messages.success(
            request, sentence(_("%(person)s now works for %(body)s."), person=join_request.user, body=body)
        )
        return redirect("people:list", slug=body.slug)
    context = {"body": body, "join_request": join_request, "form": form, "decided": decided}
    return render(request, "accounts/request_decide.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_decline(request, slug, pk):
    body = _managed_body(request, slug)
    join_request = get_object_or_404(selectors.body_join_requests(body), pk=pk, status=BodyJoinRequest.Status.PENDING)
    form = confirm_form(request, reason_required=True)
    names = {"person": join_request.user, "body": body}
    return confirmed_action(
        request,
        form,
        act=lambda: services.body_join_request_decline(
            actor=request.user, join_request=join_request, reason=form.cleaned_data["reason"]
        ),
        done=sentence(_("The request is declined; %(person)s is told why."), **names),
        then=reverse("people:list", kwargs={"slug": body.slug}),
        page=lambda: {
            "title": sentence(_("Decline the request of %(person)s to join %(body)s"), **names),
            "consequences": [
                sentence(_("%(person)s stays a citizen, with no role in %(body)s."), **names),
                _("They receive your reason and may send a new request."),
            ],
            "confirm_label": _("Decline the request"),
            "cancel_url": reverse("people:request_decide", kwargs={"slug": body.slug, "pk": join_request.pk}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, slug):
    body = _managed_body(request, slug)
    form = InviteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.body_invitation_create(actor=request.user, local_body=body, **form.cleaned_data)
        messages.success(request, sentence(_("The invitation is sent to %(email)s."), email=form.cleaned_data["email"]))
        return redirect("people:list", slug=body.slug)
    return render(request, "accounts/body_invite.html", {"body": body, "form": form})


@login_required
@require_POST
def invitation_withdraw(request, slug, pk):
    body = _managed_body(request, slug)
    found = get_object_or_404(BodyInvitation, pk=pk, local_body=body, status=BodyInvitation.Status.PENDING)
    services.body_invitation_withdraw(actor=request.user, invitation=found)
    messages.success(request, _("The invitation is withdrawn: its link no longer works."))
    return redirect("people:list", slug=body.slug)


def _body_person(body, user_pk):
    return get_object_or_404(selectors.body_staff(body), pk=user_pk)


@login_required
@require_http_methods(["GET", "POST"])
def person_roles(request, slug, user_pk):
    body = _managed_body(request, slug)
    person = _body_person(body, user_pk)
    held = [grant.role for grant in person.body_grants]
    form = BodyRolesForm(_posted(request), initial={"roles": held})
    if request.method == "POST" and form.is_valid():
        try:
            services.body_roles_set(actor=request.user, local_body=body, user=person, roles=form.cleaned_data["roles"])
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, sentence(_("The roles of %(person)s are saved."), person=person))
            return redirect("people:list", slug=body.slug)
    return render(request, "accounts/person_roles.html", {"body": body, "person": person, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person_remove(request, slug, user_pk):
    body = _managed_body(request, slug)
    person = _body_person(body, user_pk)
    names = {"person": person, "body": body}
    return confirmed_action(
        request,
        confirm_form(request),
        act=lambda: services.body_person_remove(actor=request.user, local_body=body, user=person),
        done=sentence(_("%(person)s no longer works for %(body)s."), **names),
        then=reverse("people:list", kwargs={"slug": body.slug}),
        page=lambda: {
            "title": sentence(_("Remove %(person)s from %(body)s"), **names),
            "consequences": [
                sentence(_("%(person)s loses every role in %(body)s."), **names),
                _("They are no longer listed as its staff; their account and what they wrote stay."),
            ],
            "confirm_label": _("Remove"),
            "cancel_url": reverse("people:list", kwargs={"slug": body.slug}),
        },
    )
