"""The header of a section page (includes/page_header.html): its title, one sentence saying what the section is for,
and the main actions the visitor may take there, written between the tags so each stays under its own `{% if %}`:

    {% load page %}
    {% translate "Exchange hubs" as title %}{% translate "Staff of local bodies share …" as purpose %}
    {% page_header title=title purpose=purpose icon="user-group" %}
      {% if can_add %}<a class="button" href="…">{% translate "New hub" %}</a>{% endif %}
    {% endpage_header %}

An action the visitor may not take is not shown (the views compute `can_…` with django-rules); with no action left,
the page header has no action area.
"""

from django import template
from django.template.base import token_kwargs
from django.template.loader import get_template
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED = {"title", "purpose", "icon"}


class PageHeaderNode(template.Node):
    def __init__(self, kwargs, nodelist):
        self.kwargs, self.nodelist = kwargs, nodelist

    def render(self, context) -> str:
        values = {name: value.resolve(context) for name, value in self.kwargs.items()}
        actions = self.nodelist.render(context).strip()
        values["actions"] = mark_safe(actions)  # noqa: S308 - rendered by the template engine, which escapes
        return get_template("includes/page_header.html").render(values)


@register.tag("page_header")
def page_header(parser, token):
    bits = token.split_contents()[1:]
    kwargs = token_kwargs(bits, parser)
    if bits or not set(kwargs) <= ALLOWED or "title" not in kwargs:
        raise template.TemplateSyntaxError(
            "page_header takes title= (required), purpose= and icon=, then the actions, then {% endpage_header %}"
        )
    nodelist = parser.parse(("endpage_header",))
    parser.delete_first_token()
    return PageHeaderNode(kwargs, nodelist)
