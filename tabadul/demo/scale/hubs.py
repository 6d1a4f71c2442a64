"""Hub membership: every generated body is an active member of none to three of the (six) hubs, with one of its
staff as its representative, so each hub has thousands of member bodies at 10,000 bodies."""

from tabadul.hubs.models import Hub, Membership, Representative

from .base import Run, insert, pick
from .words import SUBJECTS

HUBS = 6
HUBS_PER_BODY = [0, 1, 1, 2, 2, 3]  # 1.5 on average


def _hubs(run: Run) -> list[int]:
    """The demo's hubs (six), completed with generated ones when fewer exist (an empty database)."""
    hub_ids = list(Hub.objects.order_by("position", "pk").values_list("pk", flat=True)[:HUBS])
    for number in range(len(hub_ids), HUBS):
        name_ar, name_en = SUBJECTS[number]
        hub, created = Hub.objects.get_or_create(
            slug=f"scale-hub-{number}",
            defaults={
                "name_ar": f"منصة {name_ar}",
                "name_en": f"Hub for {name_en} (generated)",
                "position": 100 + number,
                "description_ar": f"منصة لتبادل الخبرات في {name_ar}.",
            },
        )
        run.counts["hubs.Hub"] += created
        hub_ids.append(hub.pk)
    return hub_ids


def generate(run: Run) -> None:
    rng = run.rng("hubs")
    run.hub_ids = _hubs(run)
    run.members_by_hub = {pk: [] for pk in run.hub_ids}
    rows = []
    for body_id in run.body_ids:
        for hub_id in sorted(rng.sample(run.hub_ids, k=pick(rng, HUBS_PER_BODY))):
            joined = run.moment(-rng.randrange(20, 900))
            rows.append(
                Membership(
                    hub_id=hub_id,
                    body_id=body_id,
                    status=Membership.Status.ACTIVE,
                    requested_by_id=run.editor(body_id),
                    joined_at=joined,
                )
            )
            run.members_by_hub[hub_id].append(body_id)
            run.hubs_of_body.setdefault(body_id, []).append(hub_id)
    memberships = insert(Membership, rows, run)
    insert(
        Representative,
        (Representative(membership_id=m.pk, user_id=pick(rng, run.staff_by_body[m.body_id])) for m in memberships),
        run,
        keep=False,
    )
