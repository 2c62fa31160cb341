"""Rucio data lakes: DID discovery in federated searches, DID details and staging."""

from django.apps import AppConfig


class RucioConnectorConfig(AppConfig):
    name = "rucio_connector"
    verbose_name = "Rucio data lake"
    default_auto_field = "django.db.models.BigAutoField"
    esap_api_prefix = "rucio"  # esap.urls mounts rucio_connector.api.urls at /api/v1/rucio/

    def ready(self) -> None:
        from query.connectors import register
        from rucio_connector.connector import RucioConnector

        register(RucioConnector())
