import rules

from tabadul.accounts.rules import is_body_editor, is_platform_admin

rules.add_perm("directory.change_localbody", is_platform_admin | is_body_editor)
rules.add_perm("directory.add_localbody", is_platform_admin)
