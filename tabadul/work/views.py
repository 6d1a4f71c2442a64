from django.contrib.auth.decorators import login_required
from django.shortcuts import render
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
