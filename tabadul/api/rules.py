"""Who may manage a body's API tokens: its approvers (the body's administrators) and platform admins."""

import rules

from tabadul.accounts.rules import is_body_approver, is_platform_admin

rules.add_perm("api.manage_tokens", is_body_approver | is_platform_admin)
