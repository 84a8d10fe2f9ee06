"""Outcome import: rows per second and peak memory, for 10,000 and 100,000 rows,
from CSV and XLSX, through the same import the staff page uses.

Runs against the scale database (it needs thousands of interventions to make
100,000 distinct intervention-quarter rows). The file is written to disk first;
each import then runs in its own process, streaming the file from disk as the
staff page does, so peak memory (ru_maxrss) is that import's alone. It runs
inside a transaction that is rolled back, so every run meets the same database.
"growth" is the peak less the process's size before the import began.
Usage: DATABASE_URL=... python benchmarks/import_outcomes.py [--sizes 10000 100000]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_file(fmt, rows):
    import tablib

    from interventions.models import Intervention
    from partnership.models import Quarter

    quarters = [
        f"{q.financial_year.label} Q{q.number}"
        for q in Quarter.objects.select_related("financial_year").order_by("financial_year__start_year", "number")
    ]
    references = list(Intervention.objects.order_by("reference").values_list("reference", flat=True))
    dataset = tablib.Dataset(headers=["intervention", "quarter", "young_people", "adults", "workforce_trained"])
    for n in range(rows):
        reference, quarter = references[n % len(references)], quarters[(n // len(references)) % len(quarters)]
        dataset.append([reference, quarter, n % 97, n % 13, n % 7])
    return dataset.export(fmt) if fmt == "xlsx" else dataset.export("csv").encode()


def write_file(fmt, rows):
    """Build the file in a child process (building it costs memory the import must not be charged for)."""
    import django

    django.setup()
    path = Path(tempfile.gettempdir()) / f"vrp-bench-outcomes-{rows}.{fmt}"
    path.write_bytes(build_file(fmt, rows))
    print(path)


def measure_one(fmt, path):
    import django

    django.setup()
    from django.db import transaction

    from interventions.imports import import_file
    from partnership.models import User

    staff = User.objects.get(username="vrp-staff")
    before_mb = rss_mb()
    started = time.perf_counter()
    with transaction.atomic(), open(path, "rb") as file:
        report = import_file(kind="outcomes", file=file, fmt=fmt, dry_run=False, by=staff)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "ok": report.ok,
                "errors": [str(e) for e in report.errors[:3]],
                "rows": report.total_rows,
                "seconds": elapsed,
                "peak_mb": peak_mb,
                "growth_mb": peak_mb - before_mb,
                "file_kb": Path(path).stat().st_size / 1024,
            }
        )
    )


def rss_mb():
    """The process's resident size now, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--one", nargs=2)
    parser.add_argument("--write", nargs=2)
    args = parser.parse_args()
    if args.write:
        return write_file(args.write[0], int(args.write[1]))
    if args.one:
        return measure_one(*args.one)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "vrp_portal.settings.benchmark"),
    }
    lines = [
        "## Outcome import (target: CSV >= 5,000 rows/s; memory bounded)",
        "",
        "| file | rows | seconds | rows/s | peak memory MB | growth MB | file KB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for fmt in ("csv", "xlsx"):
        for rows in args.sizes:
            written = subprocess.run(
                [sys.executable, __file__, "--write", fmt, str(rows)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            path = written.stdout.strip().splitlines()[-1]
            out = subprocess.run(
                [sys.executable, __file__, "--one", fmt, path], cwd=ROOT, env=env, capture_output=True, text=True
            )
            Path(path).unlink(missing_ok=True)
            if out.returncode:
                lines.append(f"| {fmt} | {rows:,} | failed: {out.stderr.strip().splitlines()[-1][:120]} | | | | |")
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            status = "" if r["ok"] else f" (errors: {r['errors']})"
            lines.append(
                f"| {fmt}{status} | {r['rows']:,} | {r['seconds']:.1f} | {r['rows'] / r['seconds']:,.0f} | "
                f"{r['peak_mb']:.0f} | {r['growth_mb']:.0f} | {r['file_kb']:,.0f} |"
            )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
