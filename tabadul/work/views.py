from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
@login_required
def my_work(request):
    """The page a signed-in person lands on: what waits for them first, then their hubs, events, questions."""
    user = request.user
    groups = selectors.waiting_groups(user)
    context = {
        "groups": groups,
        "waiting_count": sum(group.count for group in groups),
        "hubs": selectors.my_hubs(user),
        "registrations": selectors.my_upcoming_registrations(user),
        "questions": selectors.my_questions(user),
        "follows": selectors.my_follows(user),
    }
    return render(request, "work/my_work.html", context)


@require_safe
def waiting_badge(request):
    """The header's count of waiting items as JSON, {"total": n, "badge": html}, for a page rendered while the
    count was not cached (static/js/waiting.js): counting takes a query per kind of work, which no page waits for."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    total = selectors.waiting_total(request.user)
    badge = render_to_string("work/_waiting_badge.html", {"waiting_total": total}) if total else ""
    response = JsonResponse({"total": total, "badge": badge})
    response["Cache-Control"] = "private, no-store"
    return response
