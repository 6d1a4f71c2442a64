import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tabadul.core import exports
from tabadul.core.pagination import paginate
from tabadul.core.ratelimit import address_limit_wait

from . import downloads, selectors, services
from .forms import TokenCreateForm


@login_required
def token_list(request):
    """A body's administrators create and revoke the tokens its own systems use; a new key is shown once."""
    bodies = selectors.token_bodies(request.user)
    if not bodies.exists():
        raise PermissionDenied
    form = TokenCreateForm(request.POST or None, bodies=bodies)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.token_create(
            actor=request.user, body=form.cleaned_data["body"], name=form.cleaned_data["name"]
        )
        form = TokenCreateForm(bodies=bodies)
    page = paginate(request, selectors.token_list(user=request.user))
    return render(request, "api/token_list.html", {"form": form, "page": page, "query": "", "new_key": new_key})


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(selectors.token_list(user=request.user), pk=pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token is revoked: calls made with it are refused from now on."))
    return redirect("api:token_list")


DOWNLOAD_FORMATS = ("csv", "json", "xlsx")


@require_GET
def download(request, dataset, fmt):
    """A public list as CSV, JSON (both streamed) or Excel, e.g. /api/v1/downloads/progress.csv."""
    if dataset not in downloads.DATASETS or fmt not in DOWNLOAD_FORMATS:
        raise Http404
    wait = address_limit_wait(
        request, "download", limit=settings.DOWNLOAD_LIMIT_PER_ADDRESS, window_seconds=settings.DOWNLOAD_WINDOW_SECONDS
    )
    if wait:
        message = _("Too many downloads from your address. Wait %(minutes)d minutes and try again.")
        response = JsonResponse({"detail": message % {"minutes": math.ceil(wait / 60)}}, status=429)
        response["Retry-After"] = str(wait)
        return response
    data, name = downloads.DATASETS[dataset], ["tabadul", dataset]
    if fmt == "xlsx":  # written row by row into a temporary file
        return exports.xlsx_response(data.sheet(dataset), name=name)
    if fmt == "csv":
        return exports.csv_response(data.sheet(dataset).lines(), name=name)
    return exports.streaming_response(
        downloads.json_chunks(data), name=name, extension="json", content_type="application/json; charset=utf-8"
    )
