from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tabadul.core.links import is_same_site_path
from tabadul.core.pagination import paginate

from . import selectors, services
from .forms import PreferencesForm


@login_required
def notification_list(request):
    page = paginate(request, selectors.notification_list(user=request.user))
    return render(request, "notifications/list.html", {"page": page, "query": ""})


@login_required
def notification_open(request, pk):
    """Mark the notification read and go to what it is about.

    A GET that writes, on purpose: a read receipt of the person's own notification (docs/security.md;
    core/tests/test_get_writes.py lists it with its reason)."""
    notification = get_object_or_404(selectors.notification_list(user=request.user), pk=pk)
    services.mark_read(user=request.user, notification=notification)
    if not is_same_site_path(notification.url):
        return redirect("notifications:list")
    return redirect(notification.url)


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications:list")


@login_required
def preferences(request):
    current = services.preferences_for(request.user)
    form = PreferencesForm.for_preferences(current, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=request.user, email=form.cleaned_data["email"], muted_kinds=form.muted_kinds())
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
