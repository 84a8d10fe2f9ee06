"""Panel report render benchmark: the whole job against WeasyPrint alone.

For the demo's April 2025 update and for copies of it with 60, 600 and 3,000-row
appendices, it times

* the job: the Celery task run in-process (claim, figures from the selectors,
  HTML template, WeasyPrint, writing both files, the conditional UPDATE);
* WeasyPrint alone on the same HTML, with the same PDF/UA-1 variant;

and prints the ratio (the portal's overhead) and the peak memory of the process
that ran the job (each case runs in its own forked child so peaks do not add up).

    .venv/bin/python benchmarks/report_render.py           # a throwaway SQLite database
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/report_render.py   # an existing demo database

Not a timed test: it prints figures for people to read (and `make bench` collects them).
"""

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZES = [None, 60, 600, 3000]
MARK = "bench-appendix-"


def setup_django():
    workdir = Path(tempfile.mkdtemp(prefix="vrp-report-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vrp_portal.settings.benchmark")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    fresh = "DATABASE_URL" not in os.environ
    if fresh:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    if fresh:
        call_command("migrate", "--noinput", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)


def add_appendix_rows(count):
    from interventions.models import FundingStream, Intervention, InterventionFunding
    from partnership.models import District, FinancialYear, Organisation

    year = FinancialYear.objects.get(start_year=2024)
    provider = Organisation.objects.get(ref="wy-police")
    wide = District.objects.get(is_partnership_wide=True)
    interventions = Intervention.objects.bulk_create(
        Intervention(reference=f"{MARK}{n}", name=f"Benchmark SVD-funded intervention {n:04d}", provider=provider)
        for n in range(count)
    )
    Intervention.districts.through.objects.bulk_create(
        Intervention.districts.through(intervention_id=i.pk, district_id=wide.pk) for i in interventions
    )
    InterventionFunding.objects.bulk_create(
        InterventionFunding(intervention=i, financial_year=year, stream=FundingStream.SVD, amount=Decimal("1234.56"))
        for i in interventions
    )


def remove_appendix_rows():
    from interventions.models import Intervention

    Intervention.objects.filter(reference__startswith=MARK).delete()


def new_report():
    from reporting import selectors, services

    demo = selectors.latest_report()
    return services.report_create(
        title="Benchmark report",
        meeting_date=demo.meeting_date,
        financial_year=demo.financial_year,
        up_to_quarter=demo.up_to_quarter,
        by=None,
        copy_narrative_from=demo,
    )


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def measure(report_id, repeat, pipe):
    """In a forked child: run the job `repeat` times, then WeasyPrint alone on its HTML."""
    from django.db import connections

    connections.close_all()
    from pypdf import PdfReader
    from weasyprint import HTML

    from reporting import services, tasks
    from reporting.models import PanelReport

    start_rss = rss_kb()
    jobs, alone, pages = [], [], 0
    for _ in range(repeat):
        report = PanelReport.objects.get(pk=report_id)
        request = services.report_generation_request(report=report, by=None, enqueue=False)
        t, c = time.perf_counter(), time.process_time()
        tasks.generate_report.apply(args=[report_id, request.generation])
        jobs.append((time.perf_counter() - t, time.process_time() - c))
        report.refresh_from_db()
        assert report.status == "ready", report.failure_reason
    html = report.html.open("rb").read().decode()
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        pdf = HTML(string=html, base_url=str(ROOT)).write_pdf(pdf_variant="pdf/ua-1")
        alone.append((time.perf_counter() - t, time.process_time() - c))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Medians of wall time and of CPU time: on a shared machine CPU time is the steadier measure.
    pipe.send(
        (
            statistics.median(w for w, _ in jobs),
            statistics.median(c for _, c in jobs),
            statistics.median(w for w, _ in alone),
            statistics.median(c for _, c in alone),
            pages,
            start_rss,
            peak,
        )
    )
    pipe.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (the 3,000-row case runs once)")
    args = parser.parse_args()
    setup_django()
    from django.db import connections

    from interventions import selectors as intervention_selectors
    from partnership.models import FinancialYear

    year = FinancialYear.objects.get(start_year=2024)
    demo_rows = intervention_selectors.svd_funded_interventions(year).count()
    rows = [
        "## Panel report render",
        "",
        "Job = the Celery task run in-process; WeasyPrint alone = the same HTML. Medians; wall and CPU seconds;"
        " the ratio is of CPU time (steadier on a shared machine).",
        "",
        "| report | appendix rows | pages | job wall (s) | job CPU (s) | WeasyPrint wall (s) | WeasyPrint CPU (s)"
        " | job / WeasyPrint (CPU) | peak RSS (MB) | RSS growth (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ctx = get_context("fork")
    for size in SIZES:
        remove_appendix_rows()
        if size:
            add_appendix_rows(size - demo_rows)
        report = new_report()
        connections.close_all()
        parent, child = ctx.Pipe()
        process = ctx.Process(target=measure, args=(report.pk, 1 if size == 3000 else args.repeat, child))
        process.start()
        job, job_cpu, alone, alone_cpu, pages, start_rss, peak = parent.recv()
        process.join()
        label = "demo (April 2025 update)" if size is None else f"demo + {size:,}-row appendix"
        rows.append(
            f"| {label} | {size or demo_rows:,} | {pages} | {job:.2f} | {job_cpu:.2f} | "
            f"{alone:.2f} | {alone_cpu:.2f} | "
            f"{job_cpu / alone_cpu:.2f} | {peak / 1024:.0f} | {(peak - start_rss) / 1024:.0f} |"
        )
        print(rows[-1], file=sys.stderr, flush=True)
    remove_appendix_rows()
    print("\n".join(rows))


if __name__ == "__main__":
    main()
