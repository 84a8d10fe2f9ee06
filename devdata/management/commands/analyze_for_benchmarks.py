"""Refresh the planner's statistics after bulk loading (PostgreSQL ANALYZE)."""

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Run ANALYZE so PostgreSQL plans queries from the data just loaded."

    def handle(self, *args, **options):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
