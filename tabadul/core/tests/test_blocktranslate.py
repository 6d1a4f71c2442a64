"""A variable inside {% blocktranslate %} cannot take a filter: Django reads "{{ x|percent }}" as a variable named
"x|percent" and prints nothing. Filters go in the tag's `with` clause (`with x=value|percent`)."""

import re
from pathlib import Path

from django.conf import settings

BLOCK = re.compile(r"{%\s*blocktranslate\b.*?%}(.*?){%\s*endblocktranslate\s*%}", re.DOTALL)
FILTERED_VARIABLE = re.compile(r"{{[^}]*\|[^}]*}}")


def test_no_blocktranslate_filters_a_variable_inside_its_text():
    offenders = []
    for template in sorted(Path(settings.BASE_DIR, "tabadul").rglob("*.html")):
        for block in BLOCK.finditer(template.read_text(encoding="utf-8")):
            offenders += [f"{template}: {match}" for match in FILTERED_VARIABLE.findall(block.group(1))]
    assert not offenders, "\n".join(offenders)
