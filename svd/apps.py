from django.apps import AppConfig


class SvdConfig(AppConfig):
    name = "svd"
    verbose_name = "Serious Violence Duty"
