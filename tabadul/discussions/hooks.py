"""What the discussions app contributes to other apps' pages and lists (tabadul/core/hooks.py)."""

from tabadul.core import hooks

from .owners import HUB_POLICY, TOPIC_POLICY
from .work import REPORTED_POSTS

hooks.register("work.waiting", REPORTED_POSTS)
# The forums of hubs and of their working groups: the hubs app sits below this one, so its policies are here.
hooks.register("discussions.forum_policies", HUB_POLICY)
hooks.register("discussions.forum_policies", TOPIC_POLICY)
