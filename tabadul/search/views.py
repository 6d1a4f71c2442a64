from urllib.parse import urlencode

from django.shortcuts import render

from . import selectors
from .forms import SearchForm

FILTER_NAMES = ("type", "hub", "governorate", "body", "sector", "status", "year", "sdg", "language")


def _query_string(params: dict, **changes) -> str:
    merged = {**params, **changes}
    return urlencode({key: value for key, value in merged.items() if value not in ("", None)})


def search(request):
    form = SearchForm(request.GET or None)
    results = None
    params: dict = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        params = {name: data[name] for name in ("q", *FILTER_NAMES) if data.get(name) not in ("", None)}
        filters = selectors.SearchFilters(
            type=data["type"] or "",
            hub=data["hub"],
            governorate=data["governorate"],
            year=data["year"],
            sdg=data["sdg"],
            language=data["language"] or "",
            body=data["body"],
            sector=data["sector"] or "",
            status=data["status"] or "",
        )
        if data["q"]:
            results = selectors.search(user=request.user, query=data["q"], filters=filters, page=data["page"] or 1)
    facet_links = {}
    if results:
        for name, values in results.facets.items():
            facet_links[name] = [
                (value, _query_string(params, **{name: "" if value.selected else value.value})) for value in values
            ]
    # The active filters by their labels, each with the link that removes it (shown beside the count).
    active_labels = [(value.label, link) for links in facet_links.values() for value, link in links if value.selected]
    context = {
        "active_labels": active_labels,
        "form": form,
        "results": results,
        "facet_links": facet_links,
        "query": _query_string(params),
        "unfiltered_query": _query_string({"q": params.get("q", "")}),
        "suggestion_query": _query_string(params, q=results.suggestion) if results and results.suggestion else "",
        "active_filters": {name: params[name] for name in FILTER_NAMES if name in params},
    }
    return render(request, "search/search.html", context)
