"""The people and the plan of the cluster journey (bench/cluster.py), created through the services.

Run with the cluster's settings (`python bench/cluster_world.py`): a local body with an editor and an approver
(four eyes: the approver publishes what the editor reported), and a published Meter plan with one project. Prints
one line of JSON with what the journey needs.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def create() -> dict:
    """The body, its two people and its published plan with one project; what the journey needs to know."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from tabadul.accounts.tests.factories import TEST_PASSWORD
    from tabadul.directory.tests.factories import LocalBodyFactory
    from tabadul.meter.tests.factories import make_goal, make_plan, make_project, make_statuses, staff

    body = LocalBodyFactory()
    editor, approver = staff(body)
    hasher = PBKDF2PasswordHasher()  # one the production settings verify, whatever the caller's settings hash with
    for person in (editor, approver):
        person.password = hasher.encode(TEST_PASSWORD, hasher.salt())
        person.save(update_fields=["password"])
    statuses = make_statuses(actor=editor, body=body)
    plan = make_plan(actor=editor, body=body, approver=approver)
    goal = make_goal(actor=editor, plan=plan)
    project = make_project(actor=editor, plan=plan, goal=goal, status=statuses["in_progress"])
    return {
        "editor": editor.username,
        "approver": approver.username,
        "password": TEST_PASSWORD,
        "project": project.pk,
        "plan": plan.pk,
        "body": body.slug,
    }


def main() -> None:
    import django

    django.setup()
    print(json.dumps(create()))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_settings")
    main()
