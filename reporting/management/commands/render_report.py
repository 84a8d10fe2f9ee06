"""Render one panel report now, in this process, for operators."""

import uuid

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reporting import services
from reporting.models import PanelReport


class Command(BaseCommand):
    help = "Render a panel report's PDF and HTML now (without the queue). A published report is never re-rendered."

    def add_arguments(self, parser):
        parser.add_argument("report_id", type=int)

    def handle(self, *args, report_id, **options):
        try:
            report = PanelReport.objects.get(pk=report_id)
        except PanelReport.DoesNotExist:
            raise CommandError(f"There is no panel report {report_id}.") from None
        try:
            request = services.report_generation_request(report=report, by=None, enqueue=False)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        try:
            services.report_render(report_id=report.pk, generation=request.generation, token=f"cli-{uuid.uuid4()}")
        except Exception as exc:
            services.report_generation_failed(
                report_id=report.pk, generation=request.generation, reason=f"{type(exc).__name__}: {exc}"
            )
            raise CommandError(f"Rendering report {report_id} failed: {exc}") from exc
        report.refresh_from_db()
        if report.status != "ready":
            raise CommandError(f"Report {report_id} is {report.get_status_display().lower()}.")
        self.stdout.write(
            self.style.SUCCESS(f"Report {report_id} rendered: {report.pdf.name} (sha256 {report.checksum}).")
        )
