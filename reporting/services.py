"""Writes and transitions for panel reports.

draft -> generating (queued, then rendering once a worker claims it) -> ready
-> published; generating -> failed; ready or failed -> draft when the narrative
changes. A published report never changes: a correction is a new version.

Rendering never happens inside a transaction: the claim and the result are
each one conditional UPDATE, so a retried or duplicated task for the same
generation cannot produce a second file.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from partnership import notifications
from partnership.edit_conflicts import lock_for_edit, version_raise
from partnership.models import FinancialYear, NotificationKind, User

from . import selectors
from .models import (
    COVER_DETAIL_FIELDS,
    EDITABLE_REPORT_STATUSES,
    NARRATIVE_FIELDS,
    PanelReport,
    ReportDownload,
    ReportStatus,
    reporting_body,
)
from .pdf import render

logger = logging.getLogger(__name__)

BROKER_UNREACHABLE = (
    "The report generator could not be reached, so the report was not queued. "
    "Nothing was lost: press Generate again in a few minutes."
)


def claim_lease() -> timedelta:
    """How long a claim lasts unless its render renews it (PORTAL_RENDER_LEASE_SECONDS).
    A render renews it every third of that while it works, so a lapsed lease
    means the worker is gone; another run may then claim the report."""
    return timedelta(seconds=settings.PORTAL_RENDER_LEASE_SECONDS)


def queued_patience() -> timedelta:
    """How long a queued, unclaimed generation may wait before the sweep sends it again."""
    return timedelta(seconds=settings.PORTAL_RENDER_QUEUED_RESEND_SECONDS)


def report_create(
    *,
    title: str,
    meeting_date: date,
    financial_year: FinancialYear,
    up_to_quarter: int,
    by: User,
    copy_narrative_from: PanelReport | None = None,
) -> PanelReport:
    """A new draft report; its narrative is copied from `copy_narrative_from`, if given."""
    report = PanelReport(
        title=title,
        meeting_date=meeting_date,
        financial_year=financial_year,
        up_to_quarter=up_to_quarter,
        created_by=by,
    )
    if copy_narrative_from is not None:
        for name in COVER_DETAIL_FIELDS + NARRATIVE_FIELDS:
            setattr(report, name, getattr(copy_narrative_from, name))
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_update(*, report: PanelReport, data: dict, by: User, version: int | None = None) -> PanelReport:
    """Change the title, period or narrative. A ready or failed report goes back
    to draft, since its PDF no longer matches what staff wrote. A save begun from
    an older `version` (`edit_version`) is refused (StaleEdit), listing what changed."""
    report = lock_for_edit(
        PanelReport.objects,
        pk=report.pk,
        version=version,
        version_field="edit_version",
        what="this report",
        fields=list(data),
    )
    version_raise(report, "edit_version")
    if not report.is_editable:
        raise ValidationError(f"A {report.get_status_display().lower()} report cannot be changed.")
    for name, value in data.items():
        setattr(report, name, value)
    report.status = ReportStatus.DRAFT
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_new_version(*, report: PanelReport, by: User) -> PanelReport:
    """A correction to a published report: a new draft version with the same
    narrative. The published version stays as it is, and stays downloadable."""
    report = PanelReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.PUBLISHED:
        raise ValidationError("Only a published report is corrected with a new version.")
    if PanelReport.objects.filter(supersedes=report).exists():
        raise ValidationError("This version already has a newer version.")
    correction = report_create(
        title=report.title,
        meeting_date=report.meeting_date,
        financial_year=report.financial_year,
        up_to_quarter=report.up_to_quarter,
        by=by,
        copy_narrative_from=report,
    )
    PanelReport.objects.filter(pk=correction.pk).update(version=report.version + 1, supersedes=report)
    correction.refresh_from_db()
    return correction


@dataclass
class GenerationRequest:
    report_id: int
    generation: int
    # Set once the transaction commits: True if handed to the queue (or run
    # in-process), False if the broker could not be reached.
    queued: bool | None = None


def report_generation_request(*, report: PanelReport, by: User | None, enqueue: bool = True) -> GenerationRequest:
    """Staff pressed Generate: mark the report queued and hand it to Celery on commit.

    With enqueue=False the caller renders it itself (render_report, the demo).
    """
    with transaction.atomic():
        report = PanelReport.objects.select_for_update().get(pk=report.pk)
        if report.status == ReportStatus.GENERATING and not _generation_stale(report):
            minutes = claim_lease().seconds // 60 + 1
            raise ValidationError(
                "The report is already being generated. "
                f"If it has not finished in {minutes} minutes, press Generate again."
            )
        if report.status not in EDITABLE_REPORT_STATUSES | {ReportStatus.GENERATING}:
            raise ValidationError(f"A {report.get_status_display().lower()} report cannot be generated again.")
        report.status = ReportStatus.GENERATING
        report.generation += 1
        report.claimed_token = None
        report.claimed_at = None
        report.failure_reason = ""
        report.generated_by = by
        report.save()
        request = GenerationRequest(report_id=report.pk, generation=report.generation)
        if enqueue:
            transaction.on_commit(lambda: _enqueue(request))
    return request


def _generation_stale(report: PanelReport) -> bool:
    """Queued or claimed longer ago than any render may run: its message or its
    worker was lost, so staff may start it again."""
    since = report.claimed_at or report.updated_at
    return since < timezone.now() - claim_lease()


def _enqueue(request: GenerationRequest) -> None:
    from .tasks import generate_report  # tasks import this module

    try:
        generate_report.delay(request.report_id, request.generation)
    except Exception as exc:  # kombu/redis raise several kinds when the broker is down
        if not _is_broker_error(exc):
            raise
        logger.warning("report %s generation %s not queued: broker unreachable", request.report_id, request.generation)
        PanelReport.objects.filter(
            pk=request.report_id, generation=request.generation, status=ReportStatus.GENERATING, claimed_token=None
        ).update(status=ReportStatus.DRAFT, failure_reason=BROKER_UNREACHABLE)
        request.queued = False
        return
    request.queued = True


def _is_broker_error(exc: Exception) -> bool:
    from kombu.exceptions import OperationalError as KombuOperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    # A stopped broker refuses the connection; a hung one times out (settings:
    # CELERY_BROKER_SOCKET_TIMEOUT), which is the same thing to the person waiting.
    return isinstance(exc, (KombuOperationalError, RedisConnectionError, RedisTimeoutError, OSError))


def report_claim(*, report_id: int, generation: int, token: str) -> bool:
    """Claim the report for this generation with one conditional UPDATE.

    The same task delivered again (after a worker died, or a retry) carries the
    same token and may take its claim back; a duplicate task with another token
    may not, unless its lease lapsed (the run holding it stopped renewing it).
    """
    now = timezone.now()
    return bool(
        PanelReport.objects.filter(pk=report_id, status=ReportStatus.GENERATING, generation=generation)
        .filter(Q(claimed_token__isnull=True) | Q(claimed_token=token) | Q(claimed_at__lt=now - claim_lease()))
        .update(claimed_token=token, claimed_at=now)
    )


def report_lease_renew(*, report_id: int, generation: int, token: str) -> bool:
    """Keep this run's claim alive; False once another run has taken it or it is done."""
    return bool(
        PanelReport.objects.filter(
            pk=report_id, status=ReportStatus.GENERATING, generation=generation, claimed_token=token
        ).update(claimed_at=timezone.now())
    )


def reports_requeue_stale() -> list[int]:
    """The recovery sweep (a beat task): a generation whose worker vanished (its
    lease lapsed) or whose message was lost (queued, unclaimed, for too long) is
    released and sent to the queue again. The release is one conditional UPDATE
    per report, so two sweeps cannot both re-send one; the claim and the result
    stay conditional, so whatever runs late still cannot write a second PDF."""
    now = timezone.now()
    stale = Q(claimed_token__isnull=False, claimed_at__lt=now - claim_lease()) | Q(
        claimed_token__isnull=True, updated_at__lt=now - queued_patience()
    )
    requeued = []
    for report_id, generation in PanelReport.objects.filter(stale, status=ReportStatus.GENERATING).values_list(
        "pk", "generation"
    ):
        released = (
            PanelReport.objects.filter(pk=report_id, generation=generation, status=ReportStatus.GENERATING)
            .filter(stale)
            .update(claimed_token=None, claimed_at=None, updated_at=now)
        )
        if released:
            logger.warning("report %s generation %s: worker or message lost, queued again", report_id, generation)
            _enqueue(GenerationRequest(report_id=report_id, generation=generation))
            requeued.append(report_id)
    return requeued


class _LeaseRenewal:
    """While a render works, a thread renews its lease every third of its length."""

    def __init__(self, **claim: Any) -> None:
        self.claim = claim
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name=f"lease-{claim['report_id']}")

    def _run(self) -> None:
        interval = claim_lease().total_seconds() / 3
        try:
            while not self.stop.wait(interval):
                if not report_lease_renew(**self.claim):
                    return
        except Exception:  # the render's own result write will say what is wrong
            logger.exception("report %s: lease renewal failed", self.claim["report_id"])
        finally:
            connections.close_all()  # this thread's own connection

    def __enter__(self) -> _LeaseRenewal:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=10)


def report_render(*, report_id: int, generation: int, token: str) -> bool:
    """Render the claimed report to PDF and HTML. Returns False if another
    run holds (or has finished) this generation; nothing is written then."""
    if not report_claim(report_id=report_id, generation=generation, token=token):
        logger.info("report %s generation %s: not claimed, nothing to do", report_id, generation)
        return False
    with _LeaseRenewal(report_id=report_id, generation=generation, token=token):
        return _render_claimed(report_id=report_id, generation=generation, token=token)


def _render_claimed(*, report_id: int, generation: int, token: str) -> bool:
    report = PanelReport.objects.select_related("financial_year").get(pk=report_id)
    figures = selectors.report_figures(report)
    html = render.report_html(report, figures, links=True)  # the twin: each figure links to its rows
    if settings.PORTAL_TEST_RENDER_DELAY_SECONDS:
        time.sleep(settings.PORTAL_TEST_RENDER_DELAY_SECONDS)  # test hook: lets a test kill a worker mid-render
    pdf = render.html_to_pdf(render.report_html(report, figures))

    # Each attempt writes under its own name; only the attempt that records its
    # result keeps its files, so no run can delete or overwrite another's.
    stem = f"reports/{report_id}/report-{report_id}-v{report.version}-g{generation}-{secrets.token_hex(4)}"
    pdf_name = default_storage.save(f"{stem}.pdf", ContentFile(pdf))
    html_name = default_storage.save(f"{stem}.html", ContentFile(html.encode()))
    recorded = PanelReport.objects.filter(
        pk=report_id, status=ReportStatus.GENERATING, generation=generation, claimed_token=token
    ).update(
        status=ReportStatus.READY,
        pdf=pdf_name,
        html=html_name,
        figures=figures,
        checksum=hashlib.sha256(pdf).hexdigest(),
        generated_at=timezone.now(),
        claimed_token=None,
        failure_reason="",
    )
    if not recorded:
        for name in (pdf_name, html_name):
            default_storage.delete(name)
        logger.info("report %s generation %s: superseded while rendering, files discarded", report_id, generation)
        return False
    _remove_files_except(report_id, keep={pdf_name, html_name})
    logger.info("report %s generation %s rendered", report_id, generation)
    _job_news(report_id, NotificationKind.JOB_FINISHED, "It is ready to check and publish.")
    return True


def _remove_files_except(report_id: int, keep: set[str]) -> None:
    """A report's folder holds only its current PDF and HTML: leftovers from a
    killed attempt or an earlier generation go. Other versions have their own folders."""
    folder = f"reports/{report_id}"
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for filename in files:
        name = f"{folder}/{filename}"
        if name not in keep:
            default_storage.delete(name)


def report_generation_failed(*, report_id: int, generation: int, reason: str) -> bool:
    updated = PanelReport.objects.filter(pk=report_id, status=ReportStatus.GENERATING, generation=generation).update(
        status=ReportStatus.FAILED, failure_reason=reason[:2000], claimed_token=None
    )
    if updated:
        _job_news(report_id, NotificationKind.JOB_FAILED, "The report page says why.")
    return bool(updated)


def _job_news(report_id: int, kind: str, detail: str) -> None:
    """Tell the person who pressed Generate how the job ended."""
    report = PanelReport.objects.select_related("generated_by").get(pk=report_id)
    if report.generated_by is None:
        return
    notifications.notify(
        users=[report.generated_by],
        kind=kind,
        context={"job": f"Generating ‘{report.title}’ (version {report.version})", "detail": detail},
        path=reverse("reporting:report_detail", args=[report.pk]),
    )


@transaction.atomic
def report_publish(*, report: PanelReport, by: User) -> PanelReport:
    report = PanelReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.READY or not report.pdf:
        raise ValidationError("Only a ready report can be published.")
    report.status = ReportStatus.PUBLISHED
    report.published_by = by
    report.published_at = timezone.now()
    report.full_clean()
    report.save()
    notifications.notify(
        users=notifications.panel_members(),
        kind=NotificationKind.REPORT_PUBLISHED,
        context={
            "title": report.title,
            "version": report.version,
            "meeting_date": f"{report.meeting_date:%-d %B %Y}",
            "reporting_body": reporting_body(),
        },
        path=reverse("reporting:report_detail", args=[report.pk]),
    )
    return report


def report_download_record(*, report: PanelReport, user: User, format: str) -> ReportDownload:
    download = ReportDownload(report=report, user=user, format=format)
    download.full_clean()
    download.save()
    return download
