"""Notifications in people's centres: registrations confirmed, answers, new documents in their hubs, progress
waiting for approval; most of them read. Recorded only (no e-mail is queued: `email` is "none")."""

from django.urls import reverse
from django.utils import translation

from tabadul.events.models import Event
from tabadul.library.models import Document
from tabadul.meter.models import Project
from tabadul.notifications.models import Kind, Notification
from tabadul.qa.models import Question

from .base import Run, insert, pick

PLACEHOLDER = 987654321


def _address(name: str, key: str = "pk") -> str:
    with translation.override("ar"):
        return reverse(name, kwargs={key: PLACEHOLDER}).replace(str(PLACEHOLDER), "{}")


def _rows(model, ids: list[int], *fields: str) -> list[tuple]:
    """The values of the run's rows of `model` (its keys are one range: the run inserted them in one go)."""
    if not ids:
        return []
    return list(model.objects.filter(pk__range=(ids[0], ids[-1])).order_by("pk").values_list(*fields))


def _things(run: Run) -> list[tuple[str, str, list[tuple]]]:
    """(kind, address pattern, [(id or slug, subject, its recipient or None for anyone)]) of what the
    notifications are about: an answer goes to the asker, progress waiting to the body's approver."""
    events = [(pk, name, None) for pk, name in _rows(Event, run.event_ids, "pk", "name_ar")]
    questions = _rows(Question, run.question_ids, "pk", "title", "asker_id")
    documents = [(slug, title, None) for slug, title in _rows(Document, run.document_ids, "slug", "title_ar")]
    projects = _rows(Project, run.project_ids, "pk", "name_ar", "plan__body_id")[::10]
    projects = [(pk, name, run.approver(body)) for pk, name, body in projects]
    return [
        (Kind.REGISTRATION_CONFIRMED, _address("events:event_detail"), events),
        (Kind.ANSWER, _address("qa:question_detail"), questions),
        (Kind.NEW_DOCUMENT, _address("library:document_detail", "slug"), documents),
        (Kind.PROGRESS_PENDING, _address("meter:project_detail"), projects),
    ]


def generate(run: Run) -> None:
    rng = run.rng("notifications")
    things = [thing for thing in _things(run) if thing[2]]
    people = run.staff_ids + run.citizen_ids
    rows = []
    for number in range(run.volumes.notifications):
        kind, address, objects = pick(rng, things)
        key, subject, recipient = pick(rng, objects)
        rows.append(
            Notification(
                recipient_id=recipient or pick(rng, people),
                kind=kind,
                key=f"{run.prefix}.{kind}:{number}",  # unique per person and thing: each generated one is its own
                subject=subject[:300],
                url=address.format(key),
                read_at=run.moment(-rng.randrange(0, 60)) if rng.random() < 0.7 else None,
                email=Notification.Email.NONE,
            )
        )
    insert(Notification, rows, run, keep=False)
