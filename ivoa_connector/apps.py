"""IVOA connectors: TAP/ADQL, Simple Cone Search, SIA and the RegTAP registry."""

from django.apps import AppConfig


class IvoaConnectorConfig(AppConfig):
    name = "ivoa_connector"
    verbose_name = "IVOA connectors"
    esap_api_prefix = "ivoa"  # esap.urls mounts ivoa_connector.api.urls at /api/v1/ivoa/

    def ready(self) -> None:
        from ivoa_connector.dal import ScsConnector, SiaConnector
        from ivoa_connector.regtap import RegistryConnector
        from ivoa_connector.tap import TapConnector
        from query.connectors import register

        for connector in (TapConnector(), ScsConnector(), SiaConnector(), RegistryConnector()):
            register(connector)
