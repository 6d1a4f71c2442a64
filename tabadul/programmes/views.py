"""Programme pages: the list, one programme with its work (public), its officers (platform administrators)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from tabadul.core.actions import attempt, refuse_on_form
from tabadul.core.confirm import ConfirmForm, confirmation
from tabadul.core.shortcuts import found_or_404

from . import selectors, services
from .forms import OfficerGrantForm
from .models import Programme


def _programme_or_404(slug: str) -> Programme:
    return found_or_404(selectors.programme_get, slug=slug)


@require_safe
def programme_list(request):
    return render(request, "programmes/programme_list.html", {"programmes": selectors.programme_list()})


@require_safe
def programme_detail(request, slug):
    programme = _programme_or_404(slug)
    user = request.user
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "work": selectors.programme_work(programme=programme, user=user),
            "is_officer": user.has_perm("programmes.view_programme_internal", programme),
            "can_manage_officers": user.has_perm("programmes.manage_officers", programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def officers(request, slug):
    programme = _programme_or_404(slug)
    if not request.user.has_perm("programmes.manage_officers", programme):
        raise PermissionDenied
    form = OfficerGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        done = attempt(
            request,
            lambda: services.officer_grant(actor=request.user, programme=programme, user=person),
            _("%(name)s is now an officer of the programme.") % {"name": person.display_name},
        )
        if done:
            return redirect("programmes:officers", programme.slug)
    return render(
        request,
        "programmes/officers.html",
        {"programme": programme, "officers": selectors.programme_officers(programme=programme), "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def officer_withdraw(request, slug, pk):
    programme = _programme_or_404(slug)
    if not request.user.has_perm("programmes.manage_officers", programme):
        raise PermissionDenied
    grant = get_object_or_404(selectors.officer_grants(programme=programme), pk=pk)
    back = redirect("programmes:officers", programme.slug).url
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.officer_withdraw(actor=request.user, grant=grant)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            return redirect(back)
    return confirmation(
        request,
        form,
        title=_("Withdraw %(name)s as an officer of %(programme)s")
        % {"name": grant.user.display_name, "programme": programme.name},
        consequences=[
            _("They no longer see the internal pages of the programme's hubs, events, pilots and twinning groups."),
            _("They no longer moderate the forums of the programme's hubs or organise events for them."),
            _("The withdrawal is recorded in the audit trail; the role can be granted again later."),
        ],
        confirm_label=_("Withdraw the role"),
        cancel_url=back,
    )
