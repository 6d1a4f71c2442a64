"""Twinning groups of two to five generated bodies in a learning network (the demo's, or a generated one),
with their joint-plan milestones; the group members join the network as its members."""

from datetime import timedelta

from tabadul.twinning.models import Milestone, Network, Theme, TwinningGroup

from .base import Run, insert, pick
from .words import GROUP_OBJECTIVES, MILESTONES, SUBJECTS

THEMES = [value for value in Theme.values if value != Theme.OTHER]


def _network(run: Run) -> Network:
    network = Network.objects.order_by("pk").first()
    if network is None:
        network = Network.objects.create(
            slug="scale-network",
            name_ar="شبكة التعلم للهيئات المحلية (مولّدة)",
            name_en="Learning network of local bodies (generated)",
            facilitating_organisation="Tabadul",
        )
        run.counts["twinning.Network"] += 1
    return network


def generate(run: Run) -> None:
    rng = run.rng("twinning")
    network = _network(run)
    groups, members = [], []
    for number in range(run.volumes.twinning_groups):
        bodies = sorted(rng.sample(run.body_ids, k=min(len(run.body_ids), rng.randrange(2, 6))))
        subject_ar, subject_en = pick(rng, SUBJECTS)
        starts = run.today - timedelta(days=rng.randrange(30, 700))
        groups.append(
            TwinningGroup(
                network_id=network.pk,
                name_ar=f"مجموعة توأمة {subject_ar} {number + 1}",
                name_en=f"Twinning group on {subject_en} {number + 1}",
                theme=pick(rng, THEMES),
                objectives=GROUP_OBJECTIVES.format(subject=subject_ar),
                starts_on=starts,
                ends_on=starts + timedelta(days=730),
                facilitator_id=run.editor(bodies[0]),
                status=TwinningGroup.Status.ACTIVE,
                last_activity_at=run.moment(-rng.randrange(0, 30)),
            )
        )
        members.append(bodies)
    groups = insert(TwinningGroup, groups, run)
    run.group_ids = [group.pk for group in groups]
    through = TwinningGroup.members.through
    insert(
        through,
        (through(twinninggroup_id=g.pk, localbody_id=b) for g, bs in zip(groups, members, strict=True) for b in bs),
        run,
    )
    already = set(network.members.values_list("pk", flat=True))
    joining = sorted({b for bs in members for b in bs} - already)
    through = Network.members.through
    insert(through, (through(network_id=network.pk, localbody_id=b) for b in joining), run)
    insert(
        Milestone, (m for g, bs in zip(groups, members, strict=True) for m in _milestones(run, g, bs)), run, keep=False
    )


def _milestones(run: Run, group: TwinningGroup, bodies: list[int]):
    """The joint plan: a milestone every three months, owned in turn by the members; the past ones done."""
    for position, title in enumerate(MILESTONES):
        due = group.starts_on + timedelta(days=90 * (position + 1))
        done = due < run.today
        yield Milestone(
            group_id=group.pk,
            title=title,
            owner_body_id=bodies[position % len(bodies)],
            due_on=due,
            status=Milestone.Status.DONE if done else Milestone.Status.PLANNED,
            completed_on=due if done else None,
        )
