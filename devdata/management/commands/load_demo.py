"""Load West Yorkshire as the April 2025 panel update describes it. Idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from devdata.demo import grants as grants_demo
from devdata.demo import interventions as interventions_demo
from devdata.demo import partnership as partnership_demo
from devdata.demo import reporting as reporting_demo
from devdata.demo import returns as returns_demo
from devdata.demo import svd as svd_demo
from partnership.models import Notification


class Command(BaseCommand):
    help = "Load the West Yorkshire demo data. Running it again changes nothing."

    def handle(self, *args, **options):
        if not getattr(settings, "PORTAL_DEMO_DATA", False):
            raise CommandError("The demo data is for development and tests only: these settings do not allow it.")
        with transaction.atomic():
            partnership_demo.load()
            grants_demo.load()
            svd_demo.load()
            interventions_demo.load()
            returns_demo.load()  # after the interventions: Annex B lists them
            reporting_demo.load()
            # The demo's made-up history is not news: no e-mails, and clean home pages.
            Notification.objects.filter(dismissed_at=None).update(dismissed_at=timezone.now(), email_wanted=False)
        self.stdout.write(self.style.SUCCESS("Demo data loaded: West Yorkshire VRP, 2024/25 and 2025/26."))
        self.stdout.write(f"Demo logins (password: {partnership_demo.demo_password()}):")
        for username in partnership_demo.DEMO_USERNAMES:
            self.stdout.write(f"  {username}")
        if kept := partnership_demo.users_keeping_their_password():
            self.stdout.write(f"These users existed already and keep their own password: {', '.join(kept)}")
