from django.apps import AppConfig


class QueryConfig(AppConfig):
    name = "query"
    verbose_name = "Archives and searches"
