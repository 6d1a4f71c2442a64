import pytest
from django.apps import apps
from django.core.management import call_command
from django.forms.models import model_to_dict

from tabadul.core.models import AuditEvent


def _snapshot() -> dict:
    rows = {}
    for model in apps.get_models():
        if model.__module__.startswith("tabadul.") and model is not AuditEvent:
            rows[model._meta.label] = sorted(
                str(sorted(model_to_dict(obj).items(), key=lambda item: item[0])) for obj in model.objects.all()
            )
    return rows


@pytest.mark.django_db
def test_demo_data_loads_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo")
    first = _snapshot()
    audit_rows = AuditEvent.objects.count()
    call_command("load_demo")
    assert _snapshot() == first
    assert AuditEvent.objects.count() == audit_rows
    assert len(first["directory.LocalBody"]) >= 40


@pytest.mark.django_db
def test_demo_content_loads_without_the_demo_accounts():
    """The load benchmark (bench/load.py) loads the demo content (`load_demo --no-accounts`) without any demo
    account; production settings have no demo app at all (tabadul/demo/tests/test_packaging.py)."""
    from tabadul.accounts.models import User

    call_command("load_demo", "--no-accounts")
    assert not User.objects.filter(username__in=["admin", "citizen"]).exists()
    assert not [user.username for user in User.objects.all() if user.has_usable_password()]
    assert apps.get_model("events", "Event").objects.exists()
