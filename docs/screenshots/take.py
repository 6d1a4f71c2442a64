"""`make screenshots`: the main pages at 1366 px and 390 px, in Arabic and English, from a fresh demo database.

It migrates a database of its own (in a temporary directory), loads the demo, serves it with Django's development
server on a free port of the loopback, opens each page in Debian's Chromium (Playwright) and writes
docs/screenshots/<page>-<language>-<width>.png (the first screen: 1366 × 900 and 390 × 844). README.md and
docs/design.md show some of them.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
PYTHON = sys.executable
WIDTHS = {1366: 900, 390: 844}
# The demo objects the pages show, read once from the demo database.
FIND_OBJECTS = """
import json
from tabadul.directory.models import LocalBody
from tabadul.meter.models import Project, StrategicPlan
plan = StrategicPlan.objects.filter(status="published").order_by("pk").first()
print(json.dumps({
    "plan": plan.pk,
    "project": Project.objects.filter(goal__plan=plan).order_by("pk").first().pk,
    "body": LocalBody.objects.get(slug="salfit").slug if LocalBody.objects.filter(slug="salfit").exists()
    else plan.body.slug,
}))
"""


def pages(objects: dict) -> dict[str, str]:
    return {
        "home": "/",
        "hubs": "/hubs/",
        "hub": "/hubs/public-relations/",
        "events": "/events/",
        "library": "/library/",
        "meter-plan": f"/meter/plans/{objects['plan']}/",
        "meter-project": f"/meter/projects/{objects['project']}/",
        "body": f"/directory/{objects['body']}/",
        "search": "/search/?q=%D8%A7%D9%84%D9%85%D9%88%D8%A7%D8%B2%D9%86%D9%87",  # الموازنه
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="tabadul-screenshots-") as var_dir:
        env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "tabadul.settings.base", "TABADUL_VAR_DIR": var_dir}
        print("Migrating and loading the demo (a few minutes)…", flush=True)
        manage(env, "migrate", "--no-input", stdout=subprocess.DEVNULL)
        manage(env, "load_demo", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        found = manage(env, "shell", "--verbosity", "0", "-c", FIND_OBJECTS, capture_output=True, text=True).stdout
        objects = json.loads(found.strip().splitlines()[-1])
        port = free_port()
        server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(base)
            _shoot(base, pages(objects))
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_for(base: str) -> None:
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("The demo server did not start.")


def _shoot(base: str, paths: dict[str, str]) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for language in ("ar", "en"):
            for width, height in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, locale=language)
                page = context.new_page()
                for name, path in paths.items():
                    url = base + ("/en" if language == "en" else "") + path
                    response = page.goto(url, wait_until="load")
                    if response is None or response.status != 200:
                        raise SystemExit(f"{url} answered {response.status if response else 'nothing'}")
                    target = OUT / f"{name}-{language}-{width}.png"
                    page.screenshot(path=target)
                    print(target.relative_to(ROOT), flush=True)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
