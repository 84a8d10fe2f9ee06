from django.core.management.base import BaseCommand, CommandError

from partnership.api_support.schema_file import SCHEMA_FILE, checked_in_schema_yaml, generate_schema_yaml


class Command(BaseCommand):
    help = "Write the OpenAPI schema to docs/api/openapi.yaml, or with --check fail if it is out of date."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Change nothing; exit 1 if the file is out of date.")

    def handle(self, *args, check=False, **options):
        generated = generate_schema_yaml()
        if check:
            if generated != checked_in_schema_yaml():
                raise CommandError(f"{SCHEMA_FILE} is out of date: run `manage.py api_schema` and commit it.")
            self.stdout.write("The checked-in OpenAPI schema matches the code.")
            return
        SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
        SCHEMA_FILE.write_text(generated)
        self.stdout.write(f"Wrote {SCHEMA_FILE}.")
