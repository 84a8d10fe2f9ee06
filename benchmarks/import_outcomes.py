"""Outcome import: rows per second and peak memory, for 10,000 and 100,000 rows,
from CSV and XLSX, through the same import the staff page uses.

Runs against the scale database (it needs thousands of interventions to make
100,000 distinct intervention-quarter rows). Each measurement runs in its own
process, so peak memory (ru_maxrss) is that import's alone, and inside a
transaction that is rolled back, so every run meets the same database.
Usage: DATABASE_URL=... python benchmarks/import_outcomes.py [--sizes 10000 100000]
"""
import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_file(fmt, rows):
    import tablib

    from interventions.models import Intervention
    from partnership.models import Quarter

    quarters = [f"{q.financial_year.label} Q{q.number}" for q in Quarter.objects.select_related("financial_year").order_by("financial_year__start_year", "number")]
    references = list(Intervention.objects.order_by("reference").values_list("reference", flat=True))
    dataset = tablib.Dataset(headers=["intervention", "quarter", "young_people", "adults", "workforce_trained"])
    for n in range(rows):
        reference, quarter = references[n % len(references)], quarters[(n // len(references)) % len(quarters)]
        dataset.append([reference, quarter, n % 97, n % 13, n % 7])
    return dataset.export(fmt) if fmt == "xlsx" else dataset.export("csv").encode()


def measure_one(fmt, rows):
    import django

    django.setup()
    from django.db import transaction

    from interventions.imports import import_run, read_dataset
    from partnership.models import User

    content = build_file(fmt, rows)
    staff = User.objects.get(username="vrp-staff")
    started = time.perf_counter()
    with transaction.atomic():
        report = import_run(kind="outcomes", dataset=read_dataset(content, fmt), dry_run=False, by=staff)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ok": report.ok, "errors": [str(e) for e in report.errors[:3]], "seconds": elapsed, "peak_mb": peak_mb, "file_kb": len(content) / 1024}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--one", nargs=2)
    args = parser.parse_args()
    if args.one:
        return measure_one(args.one[0], int(args.one[1]))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "vrp_portal.settings.benchmark")}
    lines = ["## Outcome import (target: CSV >= 5,000 rows/s; memory bounded)", "", "| file | rows | seconds | rows/s | peak memory MB | file KB |", "|---|---:|---:|---:|---:|---:|"]
    for fmt in ("csv", "xlsx"):
        for rows in args.sizes:
            out = subprocess.run([sys.executable, __file__, "--one", fmt, str(rows)], cwd=ROOT, env=env, capture_output=True, text=True)
            if out.returncode:
                lines.append(f"| {fmt} | {rows:,} | failed: {out.stderr.strip().splitlines()[-1][:120]} | | | |")
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            status = "" if r["ok"] else f" (errors: {r['errors']})"
            lines.append(f"| {fmt}{status} | {rows:,} | {r['seconds']:.1f} | {rows / r['seconds']:,.0f} | {r['peak_mb']:.0f} | {r['file_kb']:,.0f} |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
