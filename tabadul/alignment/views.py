from django.shortcuts import render

from tabadul.core.shortcuts import found_or_404

from . import selectors
from .forms import AlignedFilterForm


def _filtered(request, **subject):
    form = AlignedFilterForm(request.GET or None)
    sections = selectors.aligned_items(hub=form.hub_slug(), user=request.user, **subject)
    return {"form": form, "sections": sections, "total": sum(section.count for section in sections)}


def goal_list(request):
    return render(
        request,
        "alignment/goal_list.html",
        {"goals": selectors.goal_list(user=request.user), "kpis": selectors.kpi_list()},
    )


def goal_detail(request, number: int):
    goal = found_or_404(selectors.goal_get, number=number)
    return render(request, "alignment/goal_detail.html", {"goal": goal, **_filtered(request, goal=goal)})


def target_detail(request, code: str):
    target = found_or_404(selectors.target_get, code=code)
    return render(request, "alignment/target_detail.html", {"target": target, **_filtered(request, target=target)})


def kpi_detail(request, code: str):
    kpi = found_or_404(selectors.kpi_get, code=code)
    return render(request, "alignment/kpi_detail.html", {"kpi": kpi, **_filtered(request, kpi=kpi)})
