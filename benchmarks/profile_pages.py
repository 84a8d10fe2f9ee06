"""Time the benchmark pages in-process: no gunicorn, no wrk, no network.

For each page in benchmarks/pages.py: the median wall time of N requests, the
median time spent in SQL (summed over the page's queries), the rest (Python and
templates), the number of queries, and the slowest queries. With --explain, also
EXPLAIN (ANALYZE, BUFFERS) for each query slower than --slow milliseconds.

    DJANGO_SETTINGS_MODULE=vrp_portal.settings.benchmark \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vrp_bench_scale \\
    .venv/bin/python benchmarks/profile_pages.py [--runs 20] [--explain] [--only "compliance"]

Read-only apart from the session it signs in with. Use it to find where a page
spends its time; `make bench` is what measures pages under load.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vrp_portal.settings.benchmark")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.pages import PAGES  # noqa: E402
from benchmarks.session import session_and_paths  # noqa: E402


def _request(client, path):
    response = client.get(path, HTTP_HOST=settings.ALLOWED_HOSTS[0])
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


def profile(client, path, runs):
    _request(client, path)  # warm: first-use imports, template loading
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        _request(client, path)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu_started) * 1000)
    sql_totals, runs_captured = [], []
    for _ in range(runs):
        captured = []
        with connection.execute_wrapper(_Timer(captured)):
            _request(client, path)
        sql_totals.append(sum(q["ms"] for q in captured))
        runs_captured.append(captured)
    # Each query's time is its median over the runs (a page runs the same queries each time).
    queries = runs_captured[-1]
    for position, query in enumerate(queries):
        query["ms"] = statistics.median(run[position]["ms"] for run in runs_captured if len(run) > position)
    wall, sql = statistics.median(walls), statistics.median(sql_totals)
    return {"wall": wall, "sql": sql, "python": wall - sql, "cpu": statistics.median(cpus), "queries": queries}


class _Timer:
    """Times each query with perf_counter (the debug cursor rounds to the millisecond)."""

    def __init__(self, into):
        self.into = into

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.into.append({"sql": sql, "params": params, "ms": (time.perf_counter() - started) * 1000})


def explain(query):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}", query["params"])
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--slow", type=float, default=2.0, help="EXPLAIN queries slower than this (ms)")
    parser.add_argument("--only", default="", help="only pages whose label contains this")
    parser.add_argument("--show-sql", action="store_true", help="print every query with its time")
    args = parser.parse_args()

    resolved = session_and_paths(PAGES)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = resolved["cookie"]
    # CPU ms is this process's CPU time (Python and templates, plus the driver's share of
    # each query): steadier than wall time when other work shares the machine.
    print("| page | median ms | SQL ms | Python ms | CPU ms | queries |\n|---|---:|---:|---:|---:|---:|")
    details = []
    for label, path in resolved["paths"].items():
        if path is None or args.only not in label:
            continue
        result = profile(client, path, args.runs)
        cells = [result["wall"], result["sql"], result["python"], result["cpu"]]
        print(f"| {label} | " + " | ".join(f"{ms:.1f}" for ms in cells) + f" | {len(result['queries'])} |", flush=True)
        details.append((label, path, result))
    for label, path, result in details:
        slow = [q for q in result["queries"] if q["ms"] >= args.slow]
        if not (slow or args.show_sql):
            continue
        print(f"\n## {label} ({path})")
        for query in result["queries"] if args.show_sql else slow:
            print(f"\n-- {query['ms']:.1f} ms\n{query['sql']}\n-- params: {query['params']!r}")
            if args.explain and query["ms"] >= args.slow and query["sql"].lstrip().upper().startswith("SELECT"):
                print(explain(query))


if __name__ == "__main__":
    main()
