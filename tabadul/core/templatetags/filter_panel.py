"""The filters of a list page in a disclosure (issue 18, item 6: phone first), so that on a phone the results come
first and the filters take one line until opened:

    {% load filter_panel %}
    {% filter_panel form %}<form class="filters" method="get" …>…</form>{% endfilter_panel %}

renders `<details class="filter-panel"><summary>Filters (2 active)</summary><form class="filters" …></details>`.
The count is the number of the form's fields the request filled (without a form: of the query's parameters other
than the page number). The disclosure is open when the form has errors, so they are seen; on a wide screen the
stylesheet shows the form whether the disclosure is open or not and hides the summary (`.filter-panel`, no script).
`core/tests/test_filter_panel.py` finds every `<form class="filters">` of the templates and requires this tag
around it.
"""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext, pgettext

register = template.Library()


def active_filters(form, query) -> int:
    """How many filters the request set: the form's fields with a value, else the query's parameters but the page."""
    if form is not None and getattr(form, "is_bound", False):
        return sum(1 for name in form.fields if _filled(form.data, form.add_prefix(name)))
    if query is None:
        return 0
    return sum(1 for name in query if name != "page" and _filled(query, name))


def _filled(data, name: str) -> bool:
    values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
    return any(str(value).strip() for value in values if value is not None)


class FilterPanelNode(template.Node):
    def __init__(self, form, nodelist):
        self.form, self.nodelist = form, nodelist

    def render(self, context) -> str:
        form = self.form.resolve(context) if self.form is not None else None
        request = context.get("request")
        count = active_filters(form, request.GET if request is not None else None)
        if count:
            summary = ngettext("Filters (%(count)s active)", "Filters (%(count)s active)", count) % {"count": count}
        else:
            summary = pgettext("a list's filters", "Filters")
        return get_template("includes/filter_panel.html").render(
            {
                "summary": summary,
                "open": bool(form is not None and getattr(form, "errors", None)),
                "content": mark_safe(self.nodelist.render(context)),  # noqa: S308 - rendered by the template engine
            }
        )


@register.tag("filter_panel")
def filter_panel(parser, token):
    bits = token.split_contents()[1:]
    if len(bits) > 1:
        raise template.TemplateSyntaxError("filter_panel takes the filter form (optional), then {% endfilter_panel %}")
    form = parser.compile_filter(bits[0]) if bits else None
    nodelist = parser.parse(("endfilter_panel",))
    parser.delete_first_token()
    return FilterPanelNode(form, nodelist)
