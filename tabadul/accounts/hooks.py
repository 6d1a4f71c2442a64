"""What the accounts app contributes to other apps' pages and lists (tabadul/core/hooks.py)."""

from tabadul.core import hooks
from tabadul.core.pickers import SEPARATOR, Picker

from .selectors import pickable_people
from .work import BODY_JOIN_REQUESTS

hooks.register("work.waiting", BODY_JOIN_REQUESTS)


def _person_label(person) -> str:
    """A person's public name and their body, never their e-mail (core/pickers.py)."""
    if person.local_body_id:
        return f"{person.display_name}{SEPARATOR}{person.local_body.name}"
    return person.display_name


hooks.register(
    "core.pickers",
    Picker(
        name="people",
        names=("full_name", "username"),
        label=_person_label,
        suggestions=pickable_people,
        related=("local_body",),
    ),
)
