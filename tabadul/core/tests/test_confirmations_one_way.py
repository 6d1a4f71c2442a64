"""One way to confirm, then act (issue 18, item 5), and flash messages that mark people's text like the pages do.

1. Every confirm-then-act view hands its service call, message, destination and page to
   `core.confirm.confirmed_action`. The scan reads every views module of the project (every function in it): a
   function that shows the confirmation page itself (`confirmation(`, or the template `core/confirm.html`) and also
   handles the POST (`refuse_on_form`, `messages.*`, `redirect`) is a hand-written copy; so is a function that calls
   `confirmed_action` and also puts a refusal on the form, catches a ValidationError or adds a success message.
   EXCEPTIONS would list a function that cannot do otherwise, with its reason (it is empty).
2. A message that carries a name, a title, an address or a code someone wrote is built with `core.bidi.sentence`,
   so that text is isolated (and marked Arabic on an English page) as it is in templates. The scan reads every module
   for the calls that show a message (`messages.*`, `attempt`'s success, `confirmed_action`'s done, and what a
   function of the same module returns to them): a translated text formatted with `%` may only put in numbers
   (`%(count)d`). The message storage keeps the marked text safe across the redirect (cookie and session).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tabadul.accounts.models import RoleGrant
from tabadul.accounts.tests.factories import make_user
from tabadul.directory.tests.factories import LocalBodyFactory

ROOT = Path(__file__).resolve().parents[2]  # tabadul/

# (file, function) -> why it shows the confirmation page and handles the POST itself. Empty; an entry that no longer
# offends fails too.
EXCEPTIONS: dict[tuple[str, str], str] = {}

POST_HANDLING = {"refuse_on_form", "redirect"}  # and any messages.* call
MESSAGE_CALLS = {"success", "error", "warning", "info", "debug", "add_message"}
TRANSLATIONS = {"_", "gettext", "ngettext", "pgettext", "npgettext", "gettext_lazy", "ngettext_lazy"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?([a-zA-Z])")
NUMBER_CONVERSIONS = set("dieEfFgGxXo")


def views_modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.relative_to(ROOT).parts
        and (path.name.startswith("views") or "views" in path.relative_to(ROOT).parts[:-1])
    )


def all_modules() -> list[Path]:
    return sorted(
        path for path in ROOT.rglob("*.py") if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
    )


def _name(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")


def _is_messages_call(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in MESSAGE_CALLS
        and isinstance(func.value, ast.Name)
        and func.value.id == "messages"
    )


def _functions(tree):
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def hand_written(source: str) -> list[tuple[str, str]]:
    """(function, what) for every function of a views module that handles a confirmation's POST itself."""
    found = []
    for function in _functions(ast.parse(source)):
        calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
        names = {_name(call) for call in calls}
        shows_the_page = "confirmation" in names or any(
            isinstance(node, ast.Constant) and node.value == "core/confirm.html" for node in ast.walk(function)
        )
        if shows_the_page:
            handled = sorted(names & POST_HANDLING | {"messages." + _name(c) for c in calls if _is_messages_call(c)})
            if handled:
                found.append((function.name, "shows the confirmation page and " + ", ".join(handled)))
        if "confirmed_action" in names:
            copied = sorted(
                names & {"refuse_on_form", "show_refusal"}
                | {"messages.success" for c in calls if _is_messages_call(c) and _name(c) == "success"}
                | {
                    "except ValidationError"
                    for handler in ast.walk(function)
                    if isinstance(handler, ast.ExceptHandler)
                    and handler.type is not None
                    and "ValidationError" in ast.unparse(handler.type)
                }
            )
            if copied:
                found.append((function.name, "calls confirmed_action and " + ", ".join(copied)))
    return found


def test_every_view_confirms_then_acts_one_way():
    unexpected, seen, helped = [], set(), 0
    for path in views_modules():
        relative = str(path.relative_to(ROOT))
        source = path.read_text(encoding="utf-8")
        helped += source.count("confirmed_action(")
        for function, what in hand_written(source):
            seen.add((relative, function))
            if (relative, function) not in EXCEPTIONS:
                unexpected.append(f"{relative} {function}: {what}")
    assert helped >= 27, "too few confirmation views found: has the way views confirm changed?"
    assert unexpected == [], "write these through core.confirm.confirmed_action:\n" + "\n".join(unexpected)
    assert sorted(set(EXCEPTIONS) - seen) == [], "these no longer handle the POST themselves: remove them"


def test_the_confirmation_scan_sees_what_it_forbids():
    copy = """
def remove(request, pk):
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.thing_remove(actor=request.user, pk=pk)
        except ValidationError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, _("Removed."))
            return redirect("things:list")
    return confirmation(request, form, title="", consequences=[], confirm_label="", cancel_url="/")

def by_template(request):
    messages.info(request, "x")
    return render(request, "core/confirm.html", {})

def half(request, pk):
    form = confirm_form(request)
    try:
        return confirmed_action(request, form, act=lambda: None, done="", then="/", page=dict)
    except ValidationError as error:
        refuse_on_form(form, error)

def guarded(request, pk):
    if ended:
        messages.error(request, _("This group has already ended."))
        return redirect(group)
    return confirmed_action(request, confirm_form(request), act=lambda: None, done="", then="/", page=dict)
"""
    assert hand_written(copy) == [
        ("remove", "shows the confirmation page and messages.success, redirect, refuse_on_form"),
        ("by_template", "shows the confirmation page and messages.info"),
        ("half", "calls confirmed_action and except ValidationError, refuse_on_form"),
    ]


# --- Messages that name people ----------------------------------------------------------------------------------


def _message_texts(call: ast.Call) -> list[ast.AST]:
    """The expressions a call shows as a message, if it shows one."""
    if _is_messages_call(call):
        return call.args[1:2] + [keyword.value for keyword in call.keywords if keyword.arg == "message"]
    if _name(call) == "attempt":
        return call.args[2:3] + [keyword.value for keyword in call.keywords if keyword.arg == "success"]
    if _name(call) == "confirmed_action":
        return [keyword.value for keyword in call.keywords if keyword.arg == "done"]
    return []


def _formatted_translations(expression: ast.AST):
    for node in ast.walk(expression):
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Call)
            and _name(node.left) in TRANSLATIONS
        ):
            yield node


def _text_placeholders(node: ast.BinOp) -> list[str]:
    """The placeholders of a formatted translation that put in something other than a number."""
    texts = [c.value for c in ast.walk(node.left) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    return [
        name for text in texts for name, conversion in PLACEHOLDER.findall(text) if conversion not in NUMBER_CONVERSIONS
    ]


def unmarked_messages(source: str) -> list[tuple[int, list[str]]]:
    """(line, placeholders) for every message whose text is `_(…) % {…}` putting in something that is not a number."""
    tree = ast.parse(source)
    functions = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
    found = []
    for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
        for expression in _message_texts(call):
            # A function of the module that gives the message (`_checked_in` or `_checked_in(registration)`).
            target = expression.func if isinstance(expression, ast.Call) else expression
            if isinstance(target, ast.Name) and target.id in functions:
                expression = functions[target.id]
                expression = ast.Module(
                    body=[node for node in ast.walk(expression) if isinstance(node, ast.Return)], type_ignores=[]
                )
            for formatted in _formatted_translations(expression):
                placeholders = _text_placeholders(formatted)
                if placeholders:
                    found.append((formatted.lineno, placeholders))
    return found


def test_messages_mark_the_text_people_wrote():
    unmarked, messages_seen = [], 0
    for path in all_modules():
        source = path.read_text(encoding="utf-8")
        messages_seen += source.count("messages.success(")
        unmarked += [
            f"{path.relative_to(ROOT)}:{line}: {', '.join(names)}" for line, names in unmarked_messages(source)
        ]
    assert messages_seen > 50, "too few messages found: has the way views show messages changed?"
    assert unmarked == [], "build these messages with core.bidi.sentence (numbers: %(count)d):\n" + "\n".join(unmarked)


def test_the_message_scan_sees_what_it_forbids():
    source = """
def _checked_in(registration):
    return _("%(name)s is checked in.") % {"name": registration.user.display_name}

def view(request):
    messages.success(request, _("%(person)s is nominated.") % {"person": person.display_name})
    messages.success(request, ngettext("%(n)d sent.", "%(n)d sent.", n) % {"n": n})
    messages.success(request, sentence(_("%(person)s is nominated."), person=person.display_name))
    messages.success(request, _checked_in(registration))
    attempt(request, write, lambda result: _("Sent to %(email)s.") % {"email": result.email})
    confirmed_action(request, form, act=act, done=_("%(body)s left.") % names, then="/", page=page)
"""
    assert sorted(unmarked_messages(source)) == [(3, ["name"]), (6, ["person"]), (10, ["email"]), (11, ["body"])]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "storage",
    ["django.contrib.messages.storage.cookie.CookieStorage", "django.contrib.messages.storage.session.SessionStorage"],
)
def test_a_name_in_a_message_stays_marked_across_the_redirect(client, settings, storage):
    """The message of a confirmation, read on the page the redirect leads to: the Arabic name is isolated and marked
    on the English page, escaped once, in both message storages."""
    settings.MESSAGE_STORAGE = storage
    body = LocalBodyFactory(slug="salfit", name_ar="بلدية سلفيت", name_en="Salfit Municipality")
    admin = make_user(role=RoleGrant.Role.BODY_ADMIN, body=body)
    person = make_user(role=RoleGrant.Role.BODY_EDITOR, body=body, full_name="سارة <عودة> & أخوها")
    client.force_login(admin)
    with translation.override("en"):
        url = reverse("people:person_remove", kwargs={"slug": body.slug, "user_pk": person.pk})
    try:
        response = client.post(url, {}, follow=True)
    finally:
        translation.activate("ar")  # the English page leaves English active in this thread
    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    page = response.content.decode()
    messages = page[page.index('class="messages"') :]
    messages = messages[: messages.index("</div>")]
    assert f'<bdi lang="ar" dir="rtl">{escape(person.full_name)}</bdi> no longer works for' in messages
    assert "&amp;lt;" not in messages and "<عودة>" not in messages
