"""Who may do what in twinning (django-rules). The role × permission table is in docs/twinning.md.

- A network is created by platform administrators and managed (groups, criteria) by its facilitators.
- A group is managed (edit, milestones, meetings, review) only by its facilitator or a platform administrator.
- A group's participants are the staff of its member bodies, its facilitator and platform administrators:
  they alone see its private part (documents, meetings, self-assessments) and share documents.
- Each member body writes only its own self-assessment; the owner body of a milestone may move its status.
"""

import rules

from tabadul.accounts.rules import is_platform_admin
from tabadul.programmes.rules import is_officer_of_programme


def _member_ids(group) -> set[int]:
    cache = getattr(group, "_member_ids_cache", None)
    if cache is None:
        cache = set(group.members.values_list("pk", flat=True))
        group._member_ids_cache = cache
    return cache


@rules.predicate
def is_network_facilitator(user, network) -> bool:
    if not user.is_authenticated or network is None:
        return False
    cache = getattr(user, "_twinning_network_ids", None)
    if cache is None:
        cache = user._twinning_network_ids = set(user.facilitated_networks.values_list("pk", flat=True))
    return network.pk in cache


@rules.predicate
def is_group_facilitator(user, group) -> bool:
    return bool(user.is_authenticated and group is not None and group.facilitator_id == user.pk)


@rules.predicate
def is_group_member_staff(user, group) -> bool:
    return bool(
        user.is_authenticated and group is not None and user.local_body_id and user.local_body_id in _member_ids(group)
    )


@rules.predicate
def is_milestone_owner_staff(user, milestone) -> bool:
    return bool(user.is_authenticated and milestone is not None and user.local_body_id == milestone.owner_body_id)


@rules.predicate
def manages_milestone_group(user, milestone) -> bool:
    return milestone is not None and (is_platform_admin(user) or is_group_facilitator(user, milestone.group))


@rules.predicate
def is_assessment_body_staff(user, assessment) -> bool:
    """`assessment` is a SelfAssessment or a (group, body) pair for a new one."""
    if not user.is_authenticated or assessment is None:
        return False
    if isinstance(assessment, tuple):
        group, body = assessment
    else:
        group, body = assessment.group, assessment.body
    return user.local_body_id == body.pk and body.pk in _member_ids(group)


@rules.predicate
def facilitates_group_network(user, group) -> bool:
    return group is not None and is_network_facilitator(user, group.network)


manages_group = is_platform_admin | is_group_facilitator
participates_in_group = manages_group | is_group_member_staff


# Officers of the group's programme (e.g. CMI's learning network) read its private part; they do not write in it.
follows_group = participates_in_group | is_officer_of_programme


@rules.predicate
def follows_document_group(user, document) -> bool:
    return document is not None and follows_group(user, document.group)


rules.add_perm("twinning.add_network", is_platform_admin)
rules.add_perm("twinning.change_network", is_platform_admin | is_network_facilitator)
rules.add_perm("twinning.add_group", is_platform_admin | is_network_facilitator)  # object: the network
rules.add_perm("twinning.change_group", manages_group)
rules.add_perm("twinning.view_group_private", follows_group)
rules.add_perm("twinning.add_document", participates_in_group)
rules.add_perm("twinning.view_document", follows_document_group)  # its file (core/files.py asks this)
rules.add_perm("twinning.add_meeting", manages_group)
# The LED strategy is the group's own work: its member bodies' staff write it, with the facilitator.
rules.add_perm("twinning.change_strategy", participates_in_group)
rules.add_perm("twinning.review_group", manages_group)
rules.add_perm("twinning.view_progress", follows_group | facilitates_group_network)
rules.add_perm("twinning.change_milestone_status", manages_milestone_group | is_milestone_owner_staff)
rules.add_perm("twinning.write_assessment", is_assessment_body_staff)
rules.add_perm("twinning.view_suggestions", rules.is_authenticated)
