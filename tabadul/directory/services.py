from django.core.exceptions import PermissionDenied
from django.db import transaction

from tabadul.core.services import audit_record, changed_fields

from . import audit_actions
from .models import LocalBody

# What a body's own editors may change; names, type and place are the administrators'.
EDITOR_FIELDS = ("address", "phone", "email", "website", "population", "logo")


@transaction.atomic
def local_body_update(*, actor, body: LocalBody, **values) -> LocalBody:
    if not actor.has_perm("directory.change_localbody", body):
        raise PermissionDenied
    unknown = set(values) - set(EDITOR_FIELDS)
    if unknown:
        raise ValueError(f"Fields not editable here: {sorted(unknown)}")
    changes = changed_fields(body, values)
    if not changes:
        return body
    for name, value in values.items():
        setattr(body, name, value)
    body.full_clean()
    body.save()
    audit_record(actor=actor, action=audit_actions.LOCAL_BODY_UPDATE, target=body, changes=changes)
    return body
