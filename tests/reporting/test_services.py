"""Generation: the claim, retries and duplicates, failure, publishing and versions."""

import pytest
from django.core.exceptions import ValidationError

from reporting import services, tasks
from reporting.models import PanelReport, ReportStatus

from .conftest import pdf_files, render_now


def test_it_renders_once_when_the_task_for_a_generation_runs_twice(draft, media_root):
    request = services.report_generation_request(report=draft, by=None, enqueue=False)

    first = services.report_render(report_id=draft.pk, generation=request.generation, token="task-1")
    second = services.report_render(report_id=draft.pk, generation=request.generation, token="task-1")
    duplicate = services.report_render(report_id=draft.pk, generation=request.generation, token="task-2")

    draft.refresh_from_db()
    assert (first, second, duplicate) == (True, False, False)
    assert draft.status == ReportStatus.READY
    assert len(pdf_files(media_root, draft)) == 1


def test_it_refuses_a_duplicate_task_while_the_first_holds_the_claim(draft):
    request = services.report_generation_request(report=draft, by=None, enqueue=False)

    assert services.report_claim(report_id=draft.pk, generation=request.generation, token="task-1")
    assert not services.report_claim(report_id=draft.pk, generation=request.generation, token="task-2")
    # The same task delivered again (its worker died) takes its claim back.
    assert services.report_claim(report_id=draft.pk, generation=request.generation, token="task-1")


def test_it_lets_a_new_task_take_over_a_claim_whose_lease_lapsed(draft):
    from datetime import timedelta

    from django.utils import timezone

    request = services.report_generation_request(report=draft, by=None, enqueue=False)
    services.report_claim(report_id=draft.pk, generation=request.generation, token="dead-task")
    PanelReport.objects.filter(pk=draft.pk).update(
        claimed_at=timezone.now() - services.claim_lease() - timedelta(seconds=1)
    )

    assert services.report_claim(report_id=draft.pk, generation=request.generation, token="new-task")


def test_it_ignores_a_task_for_an_older_generation(draft, media_root):
    old = services.report_generation_request(report=draft, by=None, enqueue=False)
    services.report_generation_failed(report_id=draft.pk, generation=old.generation, reason="test")
    new = services.report_generation_request(report=PanelReport.objects.get(pk=draft.pk), by=None, enqueue=False)

    assert not services.report_render(report_id=draft.pk, generation=old.generation, token="late")
    assert services.report_render(report_id=draft.pk, generation=new.generation, token="current")
    assert len(pdf_files(media_root, draft)) == 1


def test_it_keeps_one_pdf_when_a_report_is_generated_again(draft, media_root):
    first = render_now(draft)
    second = render_now(first)

    assert pdf_files(media_root, second) == [second.pdf.name.split("/")[-1]]
    assert first.pdf.name != second.pdf.name


def test_it_queues_on_commit_and_runs_in_process_without_a_broker(draft, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request = services.report_generation_request(report=draft, by=users["staff"])

    draft.refresh_from_db()
    assert len(callbacks) == 1
    assert request.queued is True
    assert draft.status == ReportStatus.READY
    assert draft.generated_by == users["staff"]


def test_it_marks_the_report_failed_with_the_reason(draft, monkeypatch, django_capture_on_commit_callbacks):
    def broken(html):
        raise ValueError("the fonts are missing")

    monkeypatch.setattr("reporting.pdf.render.html_to_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_generation_request(report=draft, by=None)

    draft.refresh_from_db()
    assert draft.status == ReportStatus.FAILED
    assert "the fonts are missing" in draft.failure_reason
    assert not draft.pdf
    # Staff can try again.
    monkeypatch.undo()
    assert render_now(draft).status == ReportStatus.READY


def test_it_retries_a_transient_error_then_renders(draft, monkeypatch):
    from reporting.pdf import render

    real, calls = render.html_to_pdf, []

    def flaky(html):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk briefly unavailable")
        return real(html)

    monkeypatch.setattr("reporting.pdf.render.html_to_pdf", flaky)
    request = services.report_generation_request(report=draft, by=None, enqueue=False)
    tasks.generate_report.apply(args=[draft.pk, request.generation], task_id="retried-task")

    draft.refresh_from_db()
    assert len(calls) == 2
    assert draft.status == ReportStatus.READY


def test_it_keeps_the_report_and_says_so_when_the_broker_is_down(
    draft, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.generate_report, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.report_generation_request(report=draft, by=None)

    draft.refresh_from_db()
    assert request.queued is False
    assert draft.status == ReportStatus.DRAFT
    assert "could not be reached" in draft.failure_reason


def test_it_publishes_only_a_ready_report_and_never_changes_it(draft, users):
    with pytest.raises(ValidationError):
        services.report_publish(report=draft, by=users["staff"])

    published = services.report_publish(report=render_now(draft), by=users["staff"])

    assert (published.status, published.published_by) == (ReportStatus.PUBLISHED, users["staff"])
    with pytest.raises(ValidationError):
        services.report_update(report=published, data={"cover_overview": "changed"}, by=users["staff"])
    with pytest.raises(ValidationError):
        services.report_generation_request(report=published, by=users["staff"])


def test_it_corrects_a_published_report_with_a_new_version(published, users, media_root):
    correction = services.report_new_version(report=published, by=users["staff"])

    assert (correction.version, correction.supersedes, correction.status) == (2, published, ReportStatus.DRAFT)
    assert correction.cover_overview == published.cover_overview
    with pytest.raises(ValidationError):
        services.report_new_version(report=published, by=users["staff"])
    render_now(correction)
    assert len(pdf_files(media_root, published)) == 1  # the old version's file stays


def test_it_copies_the_previous_reports_narrative(draft, users, reference_data):
    services.report_update(report=draft, data={"update_governance": "We report to the executive."}, by=users["staff"])
    draft.refresh_from_db()

    new = services.report_create(
        title="Next update",
        meeting_date="2025-07-11",
        financial_year=reference_data["years"][2025],
        up_to_quarter=1,
        by=users["staff"],
        copy_narrative_from=draft,
    )

    assert new.update_governance == "We report to the executive."
    assert new.version == 1 and new.status == ReportStatus.DRAFT


def test_it_sends_an_edited_ready_report_back_to_draft(draft):
    ready = render_now(draft)

    edited = services.report_update(report=ready, data={"cover_legal": "None."}, by=None)

    assert edited.status == ReportStatus.DRAFT


def test_it_refuses_a_second_generate_while_one_runs_unless_it_was_lost(draft):
    from datetime import timedelta

    from django.utils import timezone

    services.report_generation_request(report=draft, by=None, enqueue=False)
    with pytest.raises(ValidationError, match="already being generated"):
        services.report_generation_request(report=draft, by=None, enqueue=False)

    # Queued long ago and never claimed: the message was lost.
    PanelReport.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    again = services.report_generation_request(report=draft, by=None, enqueue=False)
    assert again.generation == 2
