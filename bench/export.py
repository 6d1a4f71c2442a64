#!/usr/bin/env python
"""`make bench-export`: the national CSV export of 1,000,000 progress rows runs in constant memory (issue 10).

A throwaway SQLite database under var/bench/ gets 100,000 published progress rows, then 1,000,000. Each
export runs in a fresh process that writes the CSV to /dev/null and reports its peak RSS; side by side, the
baseline materialises the same rows as a list first (what a naive export does). Printed: rows, seconds,
rows per second, peak RSS, and the ratio of peak RSS at 1,000,000 rows to 100,000 rows (constant ≈ 1).

    .venv/bin/python bench/export.py            # 100,000 and 1,000,000 rows (about 2 minutes)
    .venv/bin/python bench/export.py --quick    # 20,000 and 200,000 rows
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

DATABASE = harness.WORK / "export.sqlite3"
BATCH = 20_000


def setup_django():
    import os

    os.environ.update(harness.bench_env(DATABASE_URL=f"sqlite:///{DATABASE}"))
    sys.path.insert(0, str(harness.ROOT))
    import django

    django.setup()


def fill(total: int) -> None:
    """Grow the progress table to `total` published rows of one published plan."""
    setup_django()
    from datetime import date

    from tabadul.directory.models import Country, LocalBody
    from tabadul.meter.models import ProgressUpdate, Project, ProjectStatus, StrategicGoal, StrategicPlan

    body, _ = LocalBody.objects.get_or_create(
        slug="bench-town",
        defaults={"name_ar": "بلدية القياس", "type": "municipality", "country": Country.objects.first()},
    )
    plan, _ = StrategicPlan.objects.get_or_create(
        body=body, start_year=2024, end_year=2027, defaults={"title_ar": "خطة القياس", "status": "published"}
    )
    status, _ = ProjectStatus.objects.get_or_create(body=body, code="doing", defaults={"name_ar": "قيد التنفيذ"})
    goal, _ = StrategicGoal.objects.get_or_create(plan=plan, external_id="G1", defaults={"name_ar": "هدف"})
    projects = [
        Project.objects.get_or_create(
            plan=plan,
            external_id=f"P{n:03d}",
            defaults={
                "goal": goal,
                "name_ar": f"مشروع تأهيل الطرق رقم {n}",
                "status": status,
                "start_date": date(2024, 1, 1),
                "end_date": date(2027, 12, 31),
            },
        )[0]
        for n in range(100)
    ]
    existing = ProgressUpdate.objects.count()
    for start in range(existing, total, BATCH):
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(
                project=projects[n % len(projects)],
                percent=n % 101,
                date=date(2024, 1 + n % 12, 1 + n % 28),
                note="",
                status=ProgressUpdate.Status.PUBLISHED,
            )
            for n in range(start, min(start + BATCH, total))
        )


def measure(mode: str) -> None:
    """In a fresh process: export every row to /dev/null, print rows, seconds and peak RSS as JSON."""
    import resource

    setup_django()
    from tabadul.api import downloads

    dataset = downloads.DATASETS["progress"]
    started = time.perf_counter()
    with open("/dev/null", "w", encoding="utf-8") as sink:
        lines = downloads.csv_chunks(dataset)
        if mode == "baseline":  # every row in memory before the first byte is written
            lines = list(lines)
        rows = sum(1 for line in lines if sink.write(line)) - 1
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mb": peak_mb}))


def run_child(mode: str) -> dict:
    output = subprocess.run(
        [harness.PYTHON, __file__, "--measure", mode], check=True, capture_output=True, text=True, cwd=harness.ROOT
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--measure", choices=["streaming", "baseline"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    small, large = (20_000, 200_000) if args.quick else (100_000, 1_000_000)
    harness.WORK.mkdir(parents=True, exist_ok=True)
    DATABASE.unlink(missing_ok=True)
    harness.manage("migrate", "--verbosity=0", env=harness.bench_env(DATABASE_URL=f"sqlite:///{DATABASE}"))
    results = {}
    for total in (small, large):
        started = time.perf_counter()
        subprocess.run([harness.PYTHON, __file__, "--fill", str(total)], check=True, cwd=harness.ROOT)
        print(f"{total:,} rows generated in {time.perf_counter() - started:.0f} s", flush=True)
        modes = ("streaming", "baseline") if total == small else ("streaming",)
        for mode in modes:
            results[(mode, total)] = run_child(mode)
    print()
    print(f"{'export':<34}{'rows':>12}{'seconds':>10}{'rows/s':>12}{'peak RSS':>12}")
    for (mode, total), figures in results.items():
        label = "streamed CSV" if mode == "streaming" else "baseline: rows listed, then written"
        assert figures["rows"] == total, figures
        print(
            f"{label:<34}{figures['rows']:>12,}{figures['seconds']:>10.1f}"
            f"{figures['rows'] / figures['seconds']:>12,.0f}{figures['peak_mb']:>9.0f} MB"
        )
    growth = results[("streaming", large)]["peak_mb"] / results[("streaming", small)]["peak_mb"]
    versus = results[("baseline", small)]["peak_mb"] / results[("streaming", small)]["peak_mb"]
    print(f"\npeak RSS, streamed {large:,} rows ÷ streamed {small:,} rows: {growth:.2f} (constant memory ≈ 1)")
    print(f"peak RSS, baseline ÷ streamed at {small:,} rows: {versus:.1f}")
    if growth > 1.25:
        sys.exit("Streaming export memory grows with the number of rows.")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--fill":
        fill(int(sys.argv[2]))
    else:
        main()
