from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tabadul.core.pagination import paginate
from tabadul.core.shortcuts import found_or_404

from . import selectors, services
from .forms import BodyContactForm, BodyFilterForm, OrganisationFilterForm
from .models import LocalBody


def body_list(request):
    form = BodyFilterForm(request.GET or None)
    page = paginate(request, selectors.body_list(filters=form.filters()))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/body_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _body_or_404(slug: str) -> LocalBody:
    return found_or_404(selectors.body_get, slug=slug)


def body_detail(request, slug):
    body = _body_or_404(slug)
    can_edit = request.user.has_perm("directory.change_localbody", body)
    sections, stylesheets = selectors.body_sections(body=body, user=request.user)
    return render(
        request,
        "directory/body_detail.html",
        {"body": body, "can_edit": can_edit, "sections": sections, "stylesheets": stylesheets},
    )


@login_required
def body_edit(request, slug):
    body = _body_or_404(slug)
    if not request.user.has_perm("directory.change_localbody", body):
        raise PermissionDenied
    form = BodyContactForm(request.POST or None, request.FILES or None, instance=body)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        services.local_body_update(actor=request.user, body=_body_or_404(slug), **values)
        messages.success(request, _("The contact details are saved."))
        return redirect(body)
    return render(request, "directory/body_edit.html", {"body": body, "form": form})


def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    page = paginate(request, selectors.organisation_list(filters=form.filters()))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "directory/organisation_list.html", {"form": form, "page": page, "query": query.urlencode()})


def organisation_detail(request, slug):
    organisation = found_or_404(selectors.organisation_get, slug=slug)
    sections, stylesheets = selectors.organisation_sections(
        organisation=organisation, user=request.user, page=request.GET.get("page", "1")
    )
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "sections": sections,
            "stylesheets": stylesheets,
            "is_staff_member": selectors.is_organisation_staff(organisation=organisation, user=request.user),
        },
    )
