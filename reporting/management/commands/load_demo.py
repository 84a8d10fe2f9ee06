"""Load West Yorkshire as the April 2025 panel update describes it. Idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

import grants.demo
import interventions.demo
import partnership.demo
import reporting.demo
import svd.demo
import svd.demo_returns
from partnership.models import Notification


class Command(BaseCommand):
    help = "Load the West Yorkshire demo data. Running it again changes nothing."

    def handle(self, *args, **options):
        with transaction.atomic():
            partnership.demo.load()
            grants.demo.load()
            svd.demo.load()
            interventions.demo.load()
            svd.demo_returns.load()  # after the interventions: Annex B lists them
            reporting.demo.load()
            # The demo's made-up history is not news: no e-mails, and clean home pages.
            Notification.objects.filter(dismissed_at=None).update(dismissed_at=timezone.now(), email_wanted=False)
        self.stdout.write(self.style.SUCCESS("Demo data loaded: West Yorkshire VRP, 2024/25 and 2025/26."))
        self.stdout.write(f"Demo logins (password: {partnership.demo.demo_password()}):")
        for username in partnership.demo.DEMO_USERNAMES:
            self.stdout.write(f"  {username}")
