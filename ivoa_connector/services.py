"""Business logic behind the IVOA API: registry search and importing a registry service as a
Dataset. Views stay thin; errors are raised as ``esap.errors`` exceptions."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from esap.errors import Conflict, InvalidInput, NotFound
from ivoa_connector import regtap
from query.connectors import ConnectorError
from query.models import Archive, Dataset
from query.services.connector_calls import to_api_error

REGISTRY_TYPE = "ivoa-registry"
IMPORT_TYPES = {"tap": "ivoa-tap", "scs": "ivoa-scs", "sia": "ivoa-sia"}
IMPORT_ARCHIVE_SLUG = "ivoa-registry-imports"


def registry_dataset(slug: str | None) -> Dataset:
    """The registry named by ``slug``, or the first enabled one."""
    registries = Dataset.objects.filter(connector_type=REGISTRY_TYPE, enabled=True)
    if slug:
        dataset = registries.filter(slug=slug).first()
        if dataset is None:
            raise NotFound(f"No enabled registry '{slug}'.", field="registry")
        return dataset
    dataset = registries.order_by("ordering", "id").first()
    if dataset is None:
        raise NotFound("No registry is configured (add a dataset of type ivoa-registry).",
                       field="registry")
    return dataset


def search_registry(*, registry: str | None, keyword: str | None, servicetype: str | None,
                    waveband: str | None, page: int, page_size: int,
                    ) -> tuple[Dataset, regtap.RegistryPage]:
    """One page of registry resources from the named (or default) registry dataset."""
    dataset = registry_dataset(registry)
    try:
        result = regtap.search(dataset, keyword=keyword or None, servicetype=servicetype or None,
                               waveband=waveband or None, page=page, page_size=page_size,
                               timeout=min(dataset.timeout, settings.ESAP_MAX_TIMEOUT))
    except ConnectorError as exc:
        raise to_api_error(exc) from exc
    return dataset, result


def _unique_slug(text: str) -> str:
    base = (slugify(text)[:70].strip("-")) or "ivoa-service"
    slug, number = base, 2
    while Dataset.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def import_service(*, ivoid: str, access_url: str, service_type: str, title: str,
                   archive: str | None = None) -> Dataset:
    """Create a Dataset for a registry service (TAP/SCS/SIA) under ``archive`` (a slug) or
    the archive collecting registry imports."""
    connector_type = IMPORT_TYPES.get(service_type)
    if connector_type is None:
        raise InvalidInput(f"Services of type '{service_type}' cannot be imported; use one of "
                           f"{', '.join(IMPORT_TYPES)}.", field="service_type")
    if archive:
        target = Archive.objects.filter(slug=archive).first()
        if target is None:
            raise NotFound(f"No archive '{archive}'.", field="archive")
    else:
        target, _ = Archive.objects.get_or_create(
            slug=IMPORT_ARCHIVE_SLUG,
            defaults={"name": "IVOA registry imports",
                      "short_description": "Services added from an IVOA registry search."})
    if Dataset.objects.filter(connector_type=connector_type, service_url=access_url).exists():
        raise Conflict("This service is already a dataset.", field="access_url")
    name = (title or ivoid).strip()[:200]
    dataset = Dataset(
        archive=target, slug=_unique_slug(name), name=name,
        description=f"Imported from the IVOA registry: {ivoid}",
        connector_type=connector_type, service_url=access_url,
        options={"ivoid": ivoid}, timeout=settings.ESAP_DEFAULT_TIMEOUT,
        row_limit=settings.ESAP_DEFAULT_ROW_LIMIT, category="ivoa",
    )
    try:
        dataset.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        field = {"service_url": "access_url", "name": "title"}.get(field, field)
        raise InvalidInput(messages[0], field=field) from exc
    dataset.save()
    return dataset
