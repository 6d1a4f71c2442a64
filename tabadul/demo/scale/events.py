"""Events held by hubs and by bodies over the past year and the coming months, with registrations; people who
came to a past event are checked in (attendance). Codes are drawn from the run's seed, not from `secrets`."""

from datetime import timedelta

from tabadul.directory.models import Country
from tabadul.events.models import CODE_ALPHABET, CODE_LENGTH, Event, Registration

from .base import Run, insert, pick
from .words import EVENT_NAMES, SUBJECTS

TIME_ZONES = {"PS": "Asia/Hebron", "JO": "Asia/Amman", "LB": "Asia/Beirut", "IQ": "Asia/Baghdad"}
TIME_ZONES |= {"LY": "Africa/Tripoli", "TN": "Africa/Tunis"}
HUB_TYPES = ["specialised_workshop", "learning_day", "training_session", "virtual_meeting", "dialogue_session"]
BODY_TYPES = ["community_meeting", "consultation", "specialised_workshop"]
CODE_SPACE = len(CODE_ALPHABET) ** CODE_LENGTH


def registration_code(run: Run, number: int) -> str:
    """The `number`th code of the run: a bijection of the code space, so a run never repeats a code."""
    value = (number * 1_000_003 + run.seed * 7_919 + run.bodies * 104_729) % CODE_SPACE
    letters = []
    for _ in range(CODE_LENGTH):
        value, digit = divmod(value, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[digit])
    return "".join(letters)


def _event(run: Run, rng, zones: dict[int, str], body_id: int, by_hub: bool) -> Event:
    event_type = pick(rng, HUB_TYPES if by_hub else BODY_TYPES)
    subject_ar, subject_en = pick(rng, SUBJECTS)
    name_ar, name_en = EVENT_NAMES[event_type]
    online = event_type == "virtual_meeting"
    starts = run.moment(rng.randrange(-365, 180), hour=rng.choice([6, 7, 8, 10, 12]))
    body_ar, body_en = run.body_names[body_id]
    return Event(
        name_ar=name_ar.format(subject=subject_ar),
        name_en=name_en.format(subject=subject_en),
        type=event_type,
        description=f"يجمع هذا اللقاء العاملين في الهيئات المحلية لتبادل الخبرات في {subject_ar}.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=rng.choice([2, 3, 4, 6])),
        time_zone=zones[body_id],
        mode=Event.Mode.ONLINE if online else Event.Mode.IN_PERSON,
        city="" if online else body_ar.split(" ", 1)[-1],
        venue="" if online else f"قاعة {body_ar}",
        online_url=f"https://meet.scale.tabadul.local/{run.prefix}-{rng.randrange(10**8)}" if online else "",
        visibility=Event.Visibility.MEMBERS if by_hub and rng.random() < 0.2 else Event.Visibility.PUBLIC,
        capacity=None if rng.random() < 0.5 else rng.randrange(60, 200),
        created_by_id=run.editor(body_id),
    )


def _events(run: Run, rng) -> list[Event]:
    codes = {pk: code for pk, code in Country.objects.values_list("pk", "code")}
    zones = {body_id: TIME_ZONES.get(codes[country], "Asia/Hebron") for body_id, country in run.body_country.items()}
    average = run.volumes.registrations / max(1, run.volumes.events)
    people = len(run.staff_ids) + len(run.citizen_ids)
    rows, organisers = [], []
    for _ in range(run.volumes.events):
        body_id = pick(rng, run.body_ids)
        by_hub = rng.random() < 0.5
        event = _event(run, rng, zones, body_id, by_hub)
        event.seats = min(people, max(1, round(average * rng.uniform(0.4, 1.6))))  # how many register
        if event.capacity is not None:  # room for them all: a full event would have refused some
            event.capacity = max(event.capacity, event.seats + 5)
        rows.append(event)
        organisers.append((body_id, pick(rng, run.hubs_of_body.get(body_id) or run.hub_ids) if by_hub else None))
    events = insert(Event, rows, run)
    _organisers(run, events, organisers)
    return events


def _organisers(run: Run, events: list[Event], organisers: list[tuple[int, int | None]]) -> None:
    """A hub's event names the hub, a body's event the body; the body's editor organises either."""
    pairs = list(zip(events, organisers, strict=True))
    through = Event.organiser_bodies.through
    insert(through, (through(event_id=e.pk, localbody_id=body) for e, (body, hub) in pairs if hub is None), run)
    through = Event.organiser_hubs.through
    insert(through, (through(event_id=e.pk, hub_id=hub) for e, (_body, hub) in pairs if hub), run)
    through = Event.organisers.through
    insert(through, (through(event_id=e.pk, user_id=run.editor(body)) for e, (body, _hub) in pairs), run)


def _registrations(run: Run, rng, events: list[Event]):
    people = run.staff_ids + run.citizen_ids
    number = 0
    for event in events:
        past = event.ends_at.date() < run.today
        for user_id in rng.sample(people, event.seats):
            # No waiting list: every event has room for all who register.
            status = "confirmed" if rng.random() < 0.95 else "cancelled"
            registered = event.starts_at - timedelta(days=rng.randrange(1, 30))
            yield Registration(
                event_id=event.pk,
                user_id=user_id,
                local_body_id=run.body_of_user.get(user_id),
                status=status,
                code=registration_code(run, number),
                cancelled_at=registered + timedelta(days=1) if status == "cancelled" else None,
                checked_in_at=event.starts_at + timedelta(minutes=rng.randrange(0, 40))
                if past and status == "confirmed" and rng.random() < 0.75
                else None,
            )
            number += 1


def generate(run: Run) -> None:
    rng = run.rng("events")
    events = _events(run, rng)
    run.event_ids = [event.pk for event in events]
    insert(Registration, _registrations(run, rng, events), run, keep=False)
