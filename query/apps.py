from django.apps import AppConfig


class QueryConfig(AppConfig):
    name = "query"
    verbose_name = "Archives and searches"

    def ready(self) -> None:
        from query.services import dataset_cache  # noqa: F401  (connects its signals)
