from django.apps import AppConfig


class DevdataConfig(AppConfig):
    name = "devdata"
    verbose_name = "Demo and scale data (development only)"
