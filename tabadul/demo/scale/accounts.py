"""People: every body's staff (the first three are its editor, approver and administrator), citizens with no body,
and a few specialists who answer questions. The password is hashed once and shared (the demo's public one with
DEBUG on, none usable otherwise), so a run spends no time hashing."""

from django.conf import settings
from django.contrib.auth.hashers import make_password

from tabadul.accounts.models import RoleGrant, User
from tabadul.demo.accounts import DEMO_PASSWORD
from tabadul.qa.models import SpecialistProfile, Topic

from .base import Run, insert, link, pick
from .words import DEPARTMENTS, FAMILY_NAMES, FIRST_NAMES, POSITIONS, SUBJECTS

BODY_ROLES = [RoleGrant.Role.BODY_EDITOR, RoleGrant.Role.BODY_APPROVER, RoleGrant.Role.BODY_ADMIN]


def password(run: Run) -> str:
    """One hash for every generated person (a fixed salt: the same seed gives the same rows)."""
    if not settings.DEBUG:
        return "!scale-no-password"  # unusable: starts with "!"
    return make_password(DEMO_PASSWORD, salt=f"scale{run.seed}x{run.bodies}")


def _person(run: Run, rng, username: str, hashed: str, **fields) -> User:
    first_ar, first_en = pick(rng, FIRST_NAMES)
    family_ar, family_en = pick(rng, FAMILY_NAMES)
    return User(
        username=username,
        email=f"{username}@scale.tabadul.local",
        password=hashed,
        first_name=first_en,
        last_name=family_en,
        full_name=f"{first_ar} {family_ar}",
        date_joined=run.moment(-rng.randrange(30, 1500)),
        **fields,
    )


def _staff_counts(run: Run, rng) -> list[int]:
    """How many staff each body has: three at least (its editor, approver, administrator), the rest spread."""
    counts = [len(BODY_ROLES)] * run.bodies
    for _ in range(max(0, run.volumes.staff - len(BODY_ROLES) * run.bodies)):
        counts[rng.randrange(run.bodies)] += 1
    return counts


def _staff(run: Run, rng, hashed: str) -> None:
    rows, owners = [], []
    for number, (body_id, count) in enumerate(zip(run.body_ids, _staff_counts(run, rng), strict=True)):
        for index in range(count):
            username = f"{run.prefix}-b{number}-{index}"
            position = ["مسؤول التخطيط", "مدير البلدية", "مدير إداري"][index] if index < 3 else pick(rng, POSITIONS)
            rows.append(
                _person(
                    run,
                    rng,
                    username,
                    hashed,
                    local_body_id=body_id,
                    position=position,
                    department=pick(rng, DEPARTMENTS),
                )
            )
            owners.append(body_id)
    for user, body_id in zip(insert(User, rows, run), owners, strict=True):
        run.staff_ids.append(user.pk)
        run.staff_by_body.setdefault(body_id, []).append(user.pk)
        run.body_of_user[user.pk] = body_id
    grants = (
        RoleGrant(user_id=run.staff_by_body[body_id][index], role=role, local_body_id=body_id)
        for body_id in run.body_ids
        for index, role in enumerate(BODY_ROLES)
    )
    insert(RoleGrant, grants, run, keep=False)


def _citizens(run: Run, rng, hashed: str) -> None:
    rows = (_person(run, rng, f"{run.prefix}-c{number}", hashed) for number in range(run.volumes.citizens))
    run.citizen_ids = [user.pk for user in insert(User, rows, run)]


def topics(run: Run) -> list[int]:
    """The question topics (the demo's, or generated from the subjects when there are none)."""
    existing = list(Topic.objects.order_by("pk").values_list("pk", flat=True))
    if existing:
        return existing
    for number, (name_ar, name_en) in enumerate(SUBJECTS[:6]):
        topic, created = Topic.objects.get_or_create(
            slug=f"scale-{number}", defaults={"name_ar": name_ar, "name_en": name_en}
        )
        run.counts["qa.Topic"] += created
        existing.append(topic.pk)
    return existing


def _specialists(run: Run, rng, hashed: str) -> None:
    rows = (
        _person(run, rng, f"{run.prefix}-x{number}", hashed, position="مختص")
        for number in range(run.volumes.specialists)
    )
    run.specialist_ids = [user.pk for user in insert(User, rows, run)]
    insert(RoleGrant, (RoleGrant(user_id=pk, role=RoleGrant.Role.SPECIALIST) for pk in run.specialist_ids), run)
    profiles = insert(
        SpecialistProfile,
        (SpecialistProfile(user_id=pk, bio="خبير في شؤون الحكم المحلي.") for pk in run.specialist_ids),
        run,
    )
    topic_ids = topics(run)
    pairs = [(p.pk, t) for p in profiles for t in sorted(rng.sample(topic_ids, k=min(2, len(topic_ids))))]
    link(SpecialistProfile.topics.through, pairs, "specialistprofile", "topic", run)


def generate(run: Run) -> None:
    rng = run.rng("accounts")
    hashed = password(run)
    _staff(run, rng, hashed)
    _citizens(run, rng, hashed)
    _specialists(run, rng, hashed)
