from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "Partnership (reference data, users and access)"

    def ready(self):
        from . import audit_admin, checks, sessions, text  # noqa: F401 (checks registers the start-up checks)

        sessions.connect()
        audit_admin.register()
        text.install_form_rule()
