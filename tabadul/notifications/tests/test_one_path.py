"""No module outside the notification app sends e-mail (issue 16: "No app sends e-mail by itself").

Every module under tabadul/ is parsed (ast); importing or calling Django's mail senders anywhere but
tabadul/notifications fails. Apps call `notifications.services.notify`, `email_addresses` or `send_email_now`
(docs/decisions/008-one-notification-path.md). Django's own forms (the password reset) are not our modules.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # tabadul/
OWNER = ROOT / "notifications"
MAIL_MODULES = {"django.core.mail", "django.core.mail.message"}
SENDERS = {
    "send_mail",
    "send_mass_mail",
    "EmailMessage",
    "EmailMultiAlternatives",
    "mail_admins",
    "mail_managers",
    "get_connection",
}
# Methods that send through Django's mail: AbstractUser.email_user calls send_mail.
SENDING_METHODS = {"email_user"}


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def mail_uses(source: str, filename: str = "<source>") -> list[str]:
    """The lines of `source` that import or call a mail sender, as "line: what"."""
    tree = ast.parse(source, filename=filename)
    found = []
    mail_aliases = set()  # names bound to the django.core.mail module
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if node.module in MAIL_MODULES and alias.name in SENDERS | {"*"}:
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
                elif f"{node.module}.{alias.name}" in MAIL_MODULES:
                    mail_aliases.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MAIL_MODULES:
                    mail_aliases.add(alias.asname or alias.name)
    mail_names = mail_aliases | MAIL_MODULES
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in SENDERS and _dotted(node.value) in mail_names:
            found.append(f"{node.lineno}: {_dotted(node)}")
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr in SENDING_METHODS:
            found.append(f"{node.lineno}: .{node.func.attr}()")
        first = node.args[0] if node.args else None
        if _dotted(node.func) in {"__import__", "importlib.import_module", "import_module"} and (
            isinstance(first, ast.Constant) and first.value in MAIL_MODULES
        ):
            found.append(f"{node.lineno}: {_dotted(node.func)}({first.value!r})")
    return sorted(set(found), key=lambda line: int(line.split(":")[0]))


def test_no_module_outside_the_notification_app_sends_mail():
    offenders = []
    modules = [path for path in sorted(ROOT.rglob("*.py")) if OWNER not in path.parents]
    assert len(modules) > 100  # the scan reads the whole project
    for path in modules:
        for use in mail_uses(path.read_text(encoding="utf-8"), str(path)):
            offenders.append(f"{path.relative_to(ROOT.parent)}:{use}")
    assert offenders == [], (
        "Only tabadul/notifications sends e-mail; call notifications.services.notify (people with an account), "
        "email_addresses (addresses without one) or send_email_now (account mail):\n" + "\n".join(offenders)
    )


def test_the_scan_sees_every_way_of_sending():
    source = """
from django.core.mail import send_mail, EmailMultiAlternatives as Rich
from django.core import mail
from django.core import mail as m
import django.core.mail
from django.core.mail.message import EmailMessage

mail.send_mass_mail([])
m.mail_admins("s", "b")
django.core.mail.mail_managers("s", "b")
user.email_user("s", "b")
assert mail.outbox == []
"""
    found = mail_uses(source)
    assert [line.split(":")[0] for line in found] == ["2", "2", "6", "8", "9", "10", "11"]
    assert mail_uses("from django.core import mail\nassert mail.outbox == []\n") == []
