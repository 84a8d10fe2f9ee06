import pytest

from reporting import services
from reporting.models import PanelReport


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test writes its reports under its own MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def draft(reference_data, users):
    return services.report_create(
        title="Test update",
        meeting_date="2025-04-11",
        financial_year=reference_data["years"][2024],
        up_to_quarter=3,
        by=users["staff"],
    )


def render_now(report, by=None):
    """Generate a report in-process, as the worker would, and return it fresh."""
    request = services.report_generation_request(report=report, by=by, enqueue=False)
    services.report_render(report_id=report.pk, generation=request.generation, token="test-token")
    return PanelReport.objects.get(pk=report.pk)


@pytest.fixture
def published(draft, users):
    ready = render_now(draft, users["staff"])
    return services.report_publish(report=ready, by=users["staff"])


def pdf_files(media_root, report):
    folder = media_root / "reports" / str(report.pk)
    return sorted(p.name for p in folder.glob("*.pdf")) if folder.exists() else []
