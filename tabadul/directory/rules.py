import rules

# Who may change or add a local body depends on roles: accounts/rules.py declares those permissions (the
# directory sits below accounts, docs/architecture.md).
# Bodies are public, and so are their logos (core/files.py asks this before sending one).
rules.add_perm("directory.view_logo", rules.always_allow)
