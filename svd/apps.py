from django.apps import AppConfig


class SvdConfig(AppConfig):
    name = "svd"
    verbose_name = "Serious Violence Duty"

    def ready(self):
        from .returns import admin  # noqa: F401  (the returns' admin lives with the returns)
