"""Zooniverse (Panoptes): project search in federated searches, project discovery, signing in
with a Zooniverse account and classification exports."""

from django.apps import AppConfig


class ZooniverseConnectorConfig(AppConfig):
    name = "zooniverse_connector"
    verbose_name = "Zooniverse (Panoptes)"
    default_auto_field = "django.db.models.BigAutoField"
    esap_api_prefix = "zooniverse"  # esap.urls mounts zooniverse_connector.api.urls there

    def ready(self) -> None:
        from query.connectors import register
        from zooniverse_connector.connector import ZooniverseConnector

        register(ZooniverseConnector())
