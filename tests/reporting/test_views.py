"""Panel report pages: who sees what, downloads, generation and the status endpoint."""

import pytest
from django.urls import reverse

from reporting import services
from reporting.models import PanelReport, ReportDownload, ReportStatus

from .conftest import render_now


@pytest.fixture
def ready(draft):
    return render_now(draft)


def urls_for(report):
    return {
        "detail": reverse("reporting:report_detail", args=[report.pk]),
        "status": reverse("reporting:report_status", args=[report.pk]),
        "pdf": reverse("reporting:report_download", args=[report.pk, "pdf"]),
        "html": reverse("reporting:report_download", args=[report.pk, "html"]),
    }


def test_it_sends_anonymous_visitors_to_sign_in(client, ready):
    for url in [reverse("reporting:report_list"), *urls_for(ready).values()]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    response = client.post(reverse("reporting:report_generate", args=[ready.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("reader", ["panel", "leeds", "bradford"])
def test_it_hides_an_unpublished_report_from_readers_even_by_guessed_url(client_for, ready, reader):
    client = client_for(reader)

    for url in urls_for(ready).values():
        assert client.get(url).status_code == 404, url
    assert ready.title not in client.get(reverse("reporting:report_list")).content.decode()
    assert not ReportDownload.objects.exists()


@pytest.mark.parametrize("reader", ["panel", "leeds", "bradford"])
def test_it_lets_readers_download_a_published_report_and_logs_it(client_for, users, ready, reader):
    published = services.report_publish(report=ready, by=users["staff"])
    client = client_for(reader)

    listing = client.get(reverse("reporting:report_list")).content.decode()
    response = client.get(urls_for(published)["pdf"])

    assert published.title in listing
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    download = ReportDownload.objects.get()
    assert (download.user, download.report, download.format) == (users[reader], published, "pdf")


def test_it_shows_staff_every_report_with_who_downloaded_it(client_for, users, ready):
    services.report_publish(report=ready, by=users["staff"])
    client_for("panel").get(urls_for(ready)["html"])

    listing = client_for("staff2").get(reverse("reporting:report_list")).content.decode()
    page = client_for("staff2").get(urls_for(ready)["detail"]).content.decode()

    assert ready.title in listing
    assert "Recent downloads" in page and "panel" in page


@pytest.mark.parametrize("outsider", ["panel", "leeds"])
def test_it_refuses_staff_actions_to_readers(client_for, ready, outsider):
    client = client_for(outsider)

    assert client.get(reverse("reporting:report_create")).status_code == 403
    assert client.get(reverse("reporting:report_edit", args=[ready.pk])).status_code == 403
    for name in ("report_generate", "report_publish", "report_new_version"):
        assert client.post(reverse(f"reporting:{name}", args=[ready.pk])).status_code == 403
    assert PanelReport.objects.get(pk=ready.pk).status == ReportStatus.READY


@pytest.mark.django_db(transaction=True)
def test_it_generates_and_publishes_from_the_page(client_for, draft):
    """Real commits, so the on_commit hand-over to the (in-process) queue happens as in production."""
    client = client_for("staff")

    response = client.post(reverse("reporting:report_generate", args=[draft.pk]), follow=True)
    assert "queued" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ReportStatus.READY  # no broker: the task ran in-process

    status = client.get(urls_for(draft)["status"]).json()
    assert (status["stage"], status["finished"], status["failure_reason"]) == ("ready", True, "")

    client.post(reverse("reporting:report_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == ReportStatus.PUBLISHED


def test_it_reports_a_queued_report_as_queued(client_for, draft):
    services.report_generation_request(report=draft, by=None, enqueue=False)

    status = client_for("staff").get(urls_for(draft)["status"]).json()
    page = client_for("staff").get(urls_for(draft)["detail"]).content.decode()

    assert (status["stage"], status["finished"]) == ("queued", False)
    assert 'aria-live="polite"' in page and "js/report-status.js" in page


@pytest.mark.django_db(transaction=True)
def test_it_says_so_when_the_broker_is_down_and_keeps_the_report(client_for, draft, monkeypatch):
    from kombu.exceptions import OperationalError

    from reporting import tasks

    def down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.generate_report, "delay", down)
    response = client_for("staff").post(reverse("reporting:report_generate", args=[draft.pk]), follow=True)

    assert response.status_code == 200
    assert "could not be reached" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_it_creates_a_report_from_the_previous_narrative(client_for, draft, reference_data):
    services.report_update(report=draft, data={"cover_contact": "E-mail: vrp@example.org"}, by=None)

    response = client_for("staff").post(
        reverse("reporting:report_create"),
        {
            "title": "July update",
            # A GOV.UK date input: day, month and year (partnership.dates).
            "meeting_date_0": "11",
            "meeting_date_1": "7",
            "meeting_date_2": "2025",
            "financial_year": reference_data["years"][2025].pk,
            "up_to_quarter": "1",
            "copy_previous": "on",
        },
    )

    new = PanelReport.objects.get(title="July update")
    assert response.status_code == 302
    assert new.cover_contact == "E-mail: vrp@example.org"


def test_it_saves_the_narrative_and_refuses_to_edit_a_published_report(client_for, users, draft):
    from reporting.models import COVER_DETAIL_FIELDS, NARRATIVE_FIELDS

    # The meeting date is a GOV.UK date input; the form carries the cover sheet's fields too.
    data = {"title": draft.title, "meeting_date_0": "11", "meeting_date_1": "4", "meeting_date_2": "2025"}
    data["up_to_quarter"] = "3"
    data.update({name: getattr(draft, name) for name in COVER_DETAIL_FIELDS})
    data.update(dict.fromkeys(NARRATIVE_FIELDS, ""))
    data["update_governance"] = "Reports to the **executive**."
    data["version"] = draft.edit_version
    client = client_for("staff")

    assert client.post(reverse("reporting:report_edit", args=[draft.pk]), data).status_code == 302
    draft.refresh_from_db()
    assert draft.update_governance == "Reports to the **executive**."

    published = services.report_publish(report=render_now(draft), by=users["staff"])
    data["update_governance"] = "Changed after publishing"
    client.post(reverse("reporting:report_edit", args=[published.pk]), data)
    published.refresh_from_db()
    assert published.update_governance == "Reports to the **executive**."


def test_it_keeps_old_versions_downloadable(client_for, users, draft):
    first = services.report_publish(report=render_now(draft), by=users["staff"])
    second = services.report_new_version(report=first, by=users["staff"])
    services.report_publish(report=render_now(second), by=users["staff"])

    client = client_for("panel")
    page = client.get(urls_for(second)["detail"]).content.decode()

    assert client.get(urls_for(first)["pdf"]).status_code == 200
    assert "Version 1" in page and "Version 2" in page


@pytest.mark.parametrize("count", [1, 6])
def test_it_lists_reports_in_a_fixed_number_of_queries(
    client_for, reference_data, users, count, django_assert_num_queries
):
    for n in range(count):
        services.report_create(
            title=f"Report {n}",
            meeting_date="2025-04-11",
            financial_year=reference_data["years"][2024],
            up_to_quarter=3,
            by=None,
        )
    client = client_for("staff")

    # session, user, partnership (context processor), the reports with their year and
    # successor in one query; then the session save (savepoint, update, release)
    with django_assert_num_queries(7):
        response = client.get(reverse("reporting:report_list"))
    assert response.content.decode().count("/reporting/reports/") >= count
