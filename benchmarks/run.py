"""`make bench`: page latency and throughput on demo and scale data, served by
gunicorn as the Dockerfile serves it, against the local PostgreSQL; then the
import and report-render benchmarks. Prints a table and writes it to
benchmarks/results/<date>-<time>-<host>.md.

Needs PostgreSQL (BENCH_DATABASE_ADMIN_URL, default postgres://postgres@127.0.0.1:5432)
and wrk (Debian's package). Options: --duration seconds per page (10),
--connections (10), --skip-data (reuse the databases of the last run).
"""

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.pages import PAGES  # noqa: E402

ADMIN_URL = os.environ.get("BENCH_DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432")
PYTHON = sys.executable
DATASETS = {"demo": "vrp_bench_demo", "scale": "vrp_bench_scale"}


def sh(command, env=None, **kwargs):
    return subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})}, check=True, **kwargs)


def manage(env, *args, capture=False):
    result = sh([PYTHON, "manage.py", *args], env=env, capture_output=capture, text=True)
    return result.stdout if capture else None


def database_env(name):
    return {
        "DATABASE_URL": f"{ADMIN_URL}/{name}",
        "DJANGO_SETTINGS_MODULE": "vrp_portal.settings.benchmark",
        "DEMO_PASSWORD": "bench-demo-password",
    }


def prepare(dataset, name):
    host = ADMIN_URL.split("@")[-1].split(":")[0]
    sh(["dropdb", "-h", host, "-U", "postgres", "--if-exists", name])
    sh(["createdb", "-h", host, "-U", "postgres", name])
    env = database_env(name)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    if dataset == "scale":
        print(manage(env, "generate_scale_data", "--years", "10", capture=True))
    manage(env, "analyze_for_benchmarks")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env):
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "vrp_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def resolve(env):
    """URL paths for the pages, and a staff session cookie, from the benchmark database."""
    script = (
        "import json\n"
        "from benchmarks.session import session_and_paths\n"
        f"print(json.dumps(session_and_paths({PAGES!r})))\n"
    )
    out = manage(env, "shell", "-c", script, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def wrk(url, cookie, duration, connections):
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "-s",
            str(ROOT / "benchmarks" / "percentiles.lua"),
            "-H",
            f"Cookie: sessionid={cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def measure_pages(dataset, duration, connections):
    env = database_env(DATASETS[dataset])
    resolved = resolve(env)
    process, port = start_gunicorn(env)
    results = {}
    try:
        for label, path in resolved["paths"].items():
            if path is None:
                results[label] = None
                continue
            wrk(f"http://127.0.0.1:{port}{path}", resolved["cookie"], 2, connections)  # warm up
            results[label] = wrk(f"http://127.0.0.1:{port}{path}", resolved["cookie"], duration, connections)
            results[label]["path"] = path
    finally:
        process.terminate()
        process.wait(timeout=20)
    return results


def page_table(demo, scale):
    ceiling = (scale.get("minimal view (ceiling)") or {}).get("rps") or 0
    lines = [
        "| page | demo p50 ms | demo p95 ms | scale p50 ms | scale p95 ms | scale req/s "
        "| % of ceiling | scale/demo p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, _, _ in PAGES:
        d, s = demo.get(label), scale.get(label)
        if not s or not d:
            lines.append(f"| {label} | not built yet | | | | | | |")
            continue
        flag = " (errors!)" if s["non_2xx"] or s["errors"] or d["non_2xx"] else ""
        lines.append(
            f"| {label}{flag} | {d['p50_ms']:.1f} | {d['p95_ms']:.1f} | "
            f"{s['p50_ms']:.1f} | {s['p95_ms']:.1f} | {s['rps']:.0f} | "
            f"{100 * s['rps'] / ceiling:.0f}% | {s['p95_ms'] / d['p95_ms']:.2f} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--skip-data", action="store_true")
    args = parser.parse_args()
    started = datetime.now(UTC)
    if not args.skip_data:
        for dataset, name in DATASETS.items():
            print(f"Preparing {dataset} data in {name} ...", flush=True)
            prepare(dataset, name)
    results = {dataset: measure_pages(dataset, args.duration, args.connections) for dataset in DATASETS}
    sections = [
        f"# Benchmarks, {started:%Y-%m-%d %H:%M} UTC",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, {platform.platform()}; PostgreSQL; gunicorn 2 workers; "
        f"wrk {args.connections} connections, {args.duration}s per page.",
        "## Pages (targets: p95 < 150 ms at scale, >= 10% of the ceiling, scale/demo p95 < 1.5)",
        page_table(results["demo"], results["scale"]),
    ]
    for script, dataset in (("import_outcomes.py", "scale"), ("report_render.py", "demo")):
        path = ROOT / "benchmarks" / script
        if path.exists():
            env = database_env(DATASETS[dataset])
            out = subprocess.run(
                [PYTHON, str(path)], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True
            )
            sections.append(out.stdout.strip() or f"{script} failed:\n```\n{out.stderr[-2000:]}\n```")
    report = "\n\n".join(sections) + "\n"
    print(report)
    results_dir = ROOT / "benchmarks" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / f"{started:%Y-%m-%d-%H%M}-{platform.node()}.md").write_text(report)


if __name__ == "__main__":
    main()
