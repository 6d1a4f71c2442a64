"""What the hubs app writes in the audit trail (the registry: tabadul/core/audit.py)."""

from django.utils.translation import gettext_lazy as _

from tabadul.core.audit import register

HUB_UPDATE = register("hubs.hub.update", _("Hub details changed"))
INVITATION_SEND = register("hubs.invitation.send", _("Bodies invited to the hub"))
INVITATION_ANSWER = register("hubs.invitation.answer", _("Invitation to the hub answered"))
MEMBERSHIP_REQUEST = register("hubs.membership.request", _("Body asked to join the hub"))
MEMBERSHIP_DECIDE = register("hubs.membership.decide", _("Request to join the hub decided"))
MEMBERSHIP_LEAVE = register("hubs.membership.leave", _("Body left the hub"))
REPRESENTATIVE_JOIN = register("hubs.representative.join", _("Representative added"))
REPRESENTATIVE_LEAVE = register("hubs.representative.leave", _("Representative left"))
ELECTION_CREATE = register("hubs.election.create", _("Election called"))
CANDIDATE_NOMINATE = register("hubs.candidate.nominate", _("Candidate nominated"))
BALLOT_CAST = register("hubs.ballot.cast", _("Ballot cast"))
ELECTION_CLOSE = register("hubs.election.close", _("Election counted and closed"))
MANDATE_END = register("hubs.mandate.end", _("Mandate ended early"))
WORK_PLAN_CREATE = register("hubs.work_plan.create", _("Work plan started"))
WORK_PLAN_CONFIRM = register("hubs.work_plan.confirm", _("Work plan topics confirmed"))
TOPIC_PROPOSE = register("hubs.topic.propose", _("Topic proposed"))
TOPIC_RANKING_SUBMIT = register("hubs.topic_ranking.submit", _("Topics ranked"))
WORKING_GROUP_JOIN = register("hubs.working_group.join", _("Joined a working group"))
WORKING_GROUP_LEAVE = register("hubs.working_group.leave", _("Left a working group"))
MENTORSHIP_CREATE = register("hubs.mentorship.create", _("Peer mentoring started"))
MENTORSHIP_STATUS = register("hubs.mentorship.status", _("Peer mentoring status changed"))
MENTORING_SESSION_ADD = register("hubs.mentoring_session.add", _("Mentoring session recorded"))
INITIATIVE_SUBMIT = register("hubs.initiative.submit", _("Initiative submitted"))
INITIATIVE_REVIEW = register("hubs.initiative.review", _("Initiative reviewed"))
INITIATIVE_TO_TOPIC = register("hubs.initiative.to_topic", _("Initiative made a work plan topic"))
JOINT_ACTIVITY_PROPOSE = register("hubs.joint_activity.propose", _("Joint activity proposed to another hub"))
JOINT_ACTIVITY_ANSWER = register("hubs.joint_activity.answer", _("Joint activity proposal answered"))
JOINT_ACTIVITY_WITHDRAW = register("hubs.joint_activity.withdraw", _("Joint activity proposal withdrawn"))
