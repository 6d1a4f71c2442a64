"""The Django admin writes nothing around the services (docs/decisions/009-admin-read-only.md).

Every registered ModelAdmin is either read-only (a superuser's POST to its add, change and delete views is refused
and no row changes) or audited (a superuser's POST through its change form, or its delete view where deleting is
allowed, writes an audit record for the object). An admin that is neither fails `test_every_admin_is_read_only_or_
audited`. The forms are posted as a browser would send them: every field of the rendered page with its value.
"""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.db import models, transaction
from django.forms.models import _get_foreign_key
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tabadul.accounts.models import RoleGrant, User
from tabadul.core.admin import AuditedModelAdmin, ReadOnlyModelAdmin
from tabadul.core.models import AuditEvent

from .matrix import state_diff, table_state, world_fixture

world = pytest.fixture(scope="module", name="world")(world_fixture)

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
READ_ONLY = [model for model, model_admin in REGISTRY if isinstance(model_admin, ReadOnlyModelAdmin)]
AUDITED = [model for model, model_admin in REGISTRY if isinstance(model_admin, AuditedModelAdmin)]


def _id(model) -> str:
    return model._meta.label


class FormReader(HTMLParser):
    """The fields a browser would submit from the form with the given id: {name: [values]}."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, list[str]] = {}
        self.select: tuple[str, bool] | None = None
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.fields.setdefault(name, []).append(attrs.get("value") or default)
        elif tag == "select" and name:
            self.select, self.options = (name, "multiple" in attrs), []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = [""]

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            if self.textarea:
                self.fields[self.textarea][0] = self.fields[self.textarea][0].removeprefix("\n")
            self.textarea = None
        elif tag == "select" and self.select:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]
            self.fields[name] = chosen
            self.select = None


def form_data(response, model) -> dict[str, list[str]]:
    reader = FormReader(f"{model._meta.model_name}_form")
    reader.feed(response.content.decode())
    assert reader.fields, f"no form found on {response.request['PATH_INFO']}"
    return reader.fields


def _editable_text_field(model, names) -> str | None:
    """A plain text field of the model that the form shows (not unique, no choices): the one the test changes."""
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.SlugField | models.EmailField | models.URLField)
            and not field.unique
            and not field.choices
            and field.name in names
        ):
            return field.name
    return None


def _row(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).values().first()


@pytest.fixture
def superuser(world):
    user = world.users["admin"]
    assert user.is_superuser and user.is_staff
    return user


@pytest.fixture
def browser(superuser):
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    return client


def _value_for(field):
    """A plain valid value for a required field of a row built only to be shown in the admin."""
    if field.is_relation:
        return _first(field.related_model)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.SlugField):
        return f"admin-test-{field.name}"
    if isinstance(field, models.FileField):
        return f"admin-test/{field.name}.pdf"
    if isinstance(field, models.CharField | models.TextField):
        return f"admin test {field.name}"[: field.max_length or 100]
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return timezone.localdate()
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return 1
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.JSONField):
        return {}
    raise NotImplementedError(f"{field.model._meta.label}.{field.name}: add a value for {type(field).__name__}")


def _follow():
    from tabadul.accounts.models import User as Person
    from tabadul.meter.models import Follow, StrategicPlan

    return Follow(user=_first(Person), plan=_first(StrategicPlan))  # one target: a plan or a project


def _channel_item():
    from tabadul.channel.models import Item
    from tabadul.hubs.models import Hub

    # One source (a hub), as the model's constraint asks.
    return Item(hub=_first(Hub), title="admin test", summary="admin test", source_url="https://example.org/")


# Models whose constraints need a particular shape.
MAKERS = {"meter.Follow": _follow, "channel.Item": _channel_item}


def _build(model, **fixed):
    """A row of a model the test world has none of, its required fields filled plainly. bulk_create skips save(),
    whose checks (a stored file's content) do not matter to an admin that only shows the row."""
    values = {}
    for field in model._meta.concrete_fields:
        automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if field.name in fixed:
            values[field.name] = fixed[field.name]
            continue
        if field.primary_key or field.has_default() or field.null or automatic:
            continue
        if field.blank and not field.is_relation and isinstance(field, models.CharField | models.TextField):
            continue
        values[field.name] = _value_for(field)
    maker = None if fixed else MAKERS.get(model._meta.label)
    (obj,) = model._default_manager.bulk_create([maker() if maker else model(**values)])
    return obj


def _first(model):
    obj = model._default_manager.order_by("pk").first()
    return obj if obj is not None else _build(model)


def _with_inline_rows(model, model_admin):
    """The first row, given one row of each inline (an inline row changed through the admin must be audited)."""
    obj = _first(model)
    for inline in model_admin.inlines:
        fk = _get_foreign_key(model, inline.model, fk_name=inline.fk_name)
        if not inline.model._default_manager.filter(**{fk.name: obj}).exists():
            _build(inline.model, **{fk.name: obj})
    return obj


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=[_id(model) for model, _ in REGISTRY])
def test_every_admin_is_read_only_or_audited(model, model_admin):
    read_only = isinstance(model_admin, ReadOnlyModelAdmin)
    audited = isinstance(model_admin, AuditedModelAdmin)
    assert read_only != audited, (
        f"{model._meta.label}: register it with core.admin.ReadOnlyModelAdmin (the site's pages change it) or "
        "core.admin.AuditedModelAdmin (reference data no page changes), see docs/decisions/009-admin-read-only.md"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("model", READ_ONLY, ids=_id)
def test_a_read_only_admin_shows_the_rows_and_refuses_every_write(world, browser, model):
    obj = _first(model)
    info = (model._meta.app_label, model._meta.model_name)
    change_url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
    assert browser.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    page = browser.get(change_url)
    assert page.status_code == 200
    data = form_data(page, model)
    name = _editable_text_field(model, {field.name for field in model._meta.concrete_fields})
    if name:
        data[name] = [f"{getattr(obj, name) or ''} تعديل"]
    before_row = _row(obj)
    with transaction.atomic():
        before = table_state()
        responses = {
            "change": browser.post(change_url, data),
            "add": browser.post(reverse("admin:{}_{}_add".format(*info)), data),
            "delete": browser.post(reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]), {"post": "yes"}),
            "delete_selected": browser.post(
                reverse("admin:{}_{}_changelist".format(*info)),
                {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
            ),
        }
        after = table_state()
        row = _row(obj)
        transaction.set_rollback(True)
    for view in ("change", "add", "delete"):
        assert responses[view].status_code == 403, f"{model._meta.label}: POST to the {view} view was not refused"
    assert responses["delete_selected"].status_code in (200, 302)
    assert row == before_row
    assert not state_diff(before, after), (
        f"{model._meta.label}: a refused admin POST changed {state_diff(before, after)}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("model", AUDITED, ids=_id)
def test_an_audited_admin_records_each_write(world, browser, superuser, model):
    model_admin = admin.site._registry[model]
    obj = _with_inline_rows(model, model_admin)
    info = (model._meta.app_label, model._meta.model_name)
    change_url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
    assert browser.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    page = browser.get(change_url)
    assert page.status_code == 200
    request = page.wsgi_request
    may_change = model_admin.has_change_permission(request, obj)
    may_delete = model_admin.has_delete_permission(request, obj)
    assert may_change or may_delete, f"{model._meta.label}: audited but nothing may be written; make it read-only"

    if may_change:
        data = form_data(page, model)
        name = _editable_text_field(model, data)
        assert name, f"{model._meta.label}: no text field to change in the admin form"
        new = f"{data[name][0][:40]} تعديل".strip()
        data[name] = [new]
        # One row of each inline gets a change too: inline rows are writes of their own.
        inline_changes = []
        for formset in page.context["inline_admin_formsets"]:
            inline_form = next(iter(formset.formset.initial_forms), None)
            if inline_form is None or not formset.has_change_permission:
                continue
            inline_name = _editable_text_field(inline_form.instance._meta.model, inline_form.fields)
            if inline_name:
                key = inline_form.add_prefix(inline_name)
                data[key] = [f"{data[key][0][:40]} تعديل".strip()]
                inline_changes.append(inline_form.instance)
        with transaction.atomic():
            start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = browser.post(change_url, data)
            records = list(AuditEvent.objects.filter(pk__gt=start, actor=superuser))
            obj.refresh_from_db()
            transaction.set_rollback(True)
        assert response.status_code == 302, (
            f"{model._meta.label}: the admin refused the change: "
            f"{response.context and response.context['adminform'].form.errors}"
        )
        assert getattr(obj, name) == new
        record = next(r for r in records if r.target_id == str(obj.pk) and r.target_type.model_class() is model)
        assert record.action == "core.admin.change"
        assert record.changes[name][1] == new
        for inline in inline_changes:
            assert any(
                r.target_id == str(inline.pk) and r.target_type.model_class() is type(inline) for r in records
            ), f"{model._meta.label}: the change of an inline {type(inline)._meta.label} was not audited"

    if may_delete:
        with transaction.atomic():
            start = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = browser.post(reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]), {"post": "yes"})
            records = list(AuditEvent.objects.filter(pk__gt=start, actor=superuser))
            gone = not model._default_manager.filter(pk=obj.pk).exists()
            transaction.set_rollback(True)
        assert response.status_code == 302 and gone
        assert any(r.target_id == str(obj.pk) for r in records), f"{model._meta.label}: the delete was not audited"


@pytest.mark.django_db
def test_a_role_given_in_the_admin_goes_through_the_service(world, browser, superuser):
    person = User.objects.create(username="admin.test.person", email="admin.test.person@example.org")
    response = browser.post(
        reverse("admin:accounts_rolegrant_add"), {"user": person.pk, "role": RoleGrant.Role.SPECIALIST}
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=person, role=RoleGrant.Role.SPECIALIST)
    assert AuditEvent.objects.filter(action="accounts.role.grant", actor=superuser, target_id=str(grant.pk)).exists()
    assert grant.granted_by == superuser


@pytest.mark.django_db
def test_a_password_set_in_the_admin_is_audited_without_the_password(world, browser, superuser):
    person = User.objects.create(username="admin.test.password", email="admin.test.password@example.org")
    secret = "Another-long-passphrase-42"
    response = browser.post(
        reverse("admin:auth_user_password_change", args=[person.pk]),
        {"password1": secret, "password2": secret, "usable_password": "true"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(secret)
    record = AuditEvent.objects.get(action="core.admin.password", target_id=str(person.pk))
    assert record.actor == superuser
    assert secret not in str(record.changes)


@pytest.mark.django_db
def test_inline_rows_of_a_read_only_admin_are_read_only(world, browser):
    for model in READ_ONLY:
        model_admin = admin.site._registry[model]
        request = browser.get(reverse("admin:index")).wsgi_request
        for inline in model_admin.get_inline_instances(request, _first(model)):
            assert not inline.has_add_permission(request, None), type(inline)
            assert not inline.has_change_permission(request, None), type(inline)
            assert not inline.has_delete_permission(request, None), type(inline)
