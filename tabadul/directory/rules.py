import rules

from tabadul.accounts.rules import is_body_editor, is_platform_admin

rules.add_perm("directory.change_localbody", is_platform_admin | is_body_editor)
rules.add_perm("directory.add_localbody", is_platform_admin)
# Bodies are public, and so are their logos (core/files.py asks this before sending one).
rules.add_perm("directory.view_logo", rules.always_allow)
