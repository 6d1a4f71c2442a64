"""Hooks: how an app contributes to a page or a list owned by an app below it (like Wagtail's hooks).

An app's layer (docs/architecture.md) says which apps it may import. When a lower app needs something only a
higher one knows — a hub page listing the hub's documents, the programme page listing its work, the search
index reading every content type — the lower app reads a hook and the higher app registers under it:

    # tabadul/library/hooks.py (found by CoreConfig.ready() with autodiscover_modules("hooks"))
    from tabadul.core import hooks

    @hooks.register("hubs.hub_documents")
    def hub_documents(*, hub, user, limit): ...

    # tabadul/hubs/selectors.py
    for documents_of in hooks.get_hooks("hubs.hub_documents"): ...

What is registered is a function or a declaration (a `Source`, an `AlignedKind`...), as the table below says.
`get_hooks(name)` returns them in a stable order: by `order` (default 0), then in registration order, which is
the order of INSTALLED_APPS because every `<app>/hooks.py` is imported by `CoreConfig.ready()`, once every app
is loaded. Every hook name is in HOOKS below; `core/tests/test_hooks.py` fails for a name read or registered
without a row, and for a row nobody registers or reads.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.utils.module_loading import autodiscover_modules

# name -> (what is registered, who reads it)
HOOKS: dict[str, str] = {
    "core.audit_actions": (
        "a core.audit.AuditAction per action an app's services write in the audit trail, declared with "
        "core.audit.register in <app>/audit_actions.py; read by the audit trail (core.audit.all_actions)"
    ),
    "core.home_context": (
        "fn(*, user) -> dict merged into the home page's context (the next events, the latest news, a signed-in "
        "person's hubs, events and waiting work); read by core.selectors.home_context"
    ),
    "core.home_figures": (
        "a core.selectors.HomeFigure per figure of the platform on the home page (local bodies, hubs, events held, "
        "documents, plans published) with the models it counts; read by core.selectors.home_figures as stored "
        "(core.services.home_figures_store, after a write to those models and hourly)"
    ),
    "core.pickers": (
        "a core.pickers.Picker per growing table a form chooses from (local bodies, people, Meter projects, "
        "events): its typed names, labels and suggestions; read by core.pickers (the fields and /pick/<name>/)"
    ),
    "directory.body_sections": (
        "a directory.sections.BodySection per section of a local body's public page (its plan, news, events, hubs, "
        "twinning groups, documents); read by directory.selectors.body_sections"
    ),
    "directory.organisation_sections": (
        "a directory.sections.BodySection per section of an organisation's public page (its programmes, events, "
        "hubs, pilot projects, documents), read(organisation=, user=[, page= when paginated]); read by "
        "directory.selectors.organisation_sections"
    ),
    "accounts.profile_roles": (
        "fn(user) -> list of accounts.selectors.HeldRole: the roles a person holds outside role grants (a hub's "
        "coordinator...); read by the account page (accounts.selectors.held_roles)"
    ),
    "alignment.aligned_models": (
        "an alignment.registry.AlignedKind per model tagged with goals, targets and indicators; read by the "
        "goal, target and indicator pages (alignment.selectors)"
    ),
    "discussions.forum_policies": (
        'a pair ("app_label.model", discussions.owners.ForumPolicy) per model that owns forums; read by '
        "discussions.owners.policy_for"
    ),
    "events.platform_organisers": (
        "fn(user) -> bool: the person may organise events in the platform's name (e.g. twinning facilitators); "
        "read by events.rules"
    ),
    "hubs.hub_documents": "fn(*, hub, user, limit) -> list of documents shown on the hub page; read by hubs.selectors",
    "hubs.topic_documents": (
        "fn(*, topic, user, limit) -> list of documents shown on a work-plan topic's page; read by hubs.selectors"
    ),
    "hubs.topic_events": "fn(*, topic, user, limit) -> list of events planned for a topic; read by hubs.selectors",
    "library.story_kinds": (
        "a library.story.StoryKind per model that may be linked to a topic's story; read by library.story"
    ),
    "programmes.work": (
        "a programmes.selectors.WorkKind per kind of work that names a programme (hubs, events, documents, Meter "
        "pilots, twinning groups) with its result figures; read by the programme list, page and funder's report "
        "(programmes.selectors)"
    ),
    "search.sources": "a search.sources.Source per searchable content type; read by the search index and page",
    "work.waiting": "a core.work.Waiting per kind of item that waits for someone; read by my work (work.selectors)",
}

_registered: dict[str, list[tuple[int, int, Any]]] = defaultdict(list)
_counter = 0


def register(hook_name: str, fn: Any = None, *, order: int = 0):
    """Register `fn` under `hook_name`; without `fn`, a decorator. Registering the same object twice is a no-op."""
    if fn is None:

        def decorator(function: Callable) -> Callable:
            register(hook_name, function, order=order)
            return function

        return decorator
    if hook_name not in HOOKS:
        raise KeyError(f"Unknown hook {hook_name!r}: add it to HOOKS in tabadul/core/hooks.py")
    global _counter
    if not any(item is fn for _order, _n, item in _registered[hook_name]):
        _counter += 1
        _registered[hook_name].append((order, _counter, fn))
    return fn


def get_hooks(hook_name: str) -> list:
    """What is registered under `hook_name`, by `order` then registration order."""
    if hook_name not in HOOKS:
        raise KeyError(f"Unknown hook {hook_name!r}: add it to HOOKS in tabadul/core/hooks.py")
    return [item for _order, _n, item in sorted(_registered.get(hook_name, ()), key=lambda row: row[:2])]


def registered_names() -> set[str]:
    return {name for name, rows in _registered.items() if rows}


class Declared(Mapping):
    """The declarations registered under a hook, by `key(declaration)`: a read-only view, read afresh on each use
    (search sources by kind, waiting work by key, forum policies by owner model...). Two different declarations
    under one key are a mistake and raise."""

    def __init__(self, hook_name: str, key: Callable[[Any], str]):
        if hook_name not in HOOKS:
            raise KeyError(f"Unknown hook {hook_name!r}: add it to HOOKS in tabadul/core/hooks.py")
        self.hook_name = hook_name
        self.key = key

    def _by_key(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for declaration in get_hooks(self.hook_name):
            if found.setdefault(self.key(declaration), declaration) != declaration:
                raise ValueError(f"Two declarations of {self.key(declaration)!r} under the hook {self.hook_name!r}")
        return found

    def __getitem__(self, key: str) -> Any:
        return self._by_key()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_key())

    def __len__(self) -> int:
        return len(self._by_key())


@contextmanager
def register_temporarily(hook_name: str, fn: Any, *, order: int = 0) -> Iterator[Any]:
    """Register `fn` for the duration of a `with` block (tests)."""
    register(hook_name, fn, order=order)
    try:
        yield fn
    finally:
        _registered[hook_name] = [row for row in _registered[hook_name] if row[2] is not fn]


def autodiscover() -> None:
    """Import every installed app's `hooks` module (CoreConfig.ready(), once every app is loaded)."""
    autodiscover_modules("hooks")
