from django.apps import AppConfig


class EsapConfig(AppConfig):
    name = "esap"
    verbose_name = "ESAP platform"
