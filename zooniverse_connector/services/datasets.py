"""Finding the Zooniverse dataset a request names, checking ids, calling Panoptes with
API-level errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from esap.errors import EsapError, InvalidInput, NotFound
from query.connectors import ConnectorError
from query.models import Dataset
from query.services.connector_calls import to_api_error
from zooniverse_connector.config import ZooniverseConfig, config_of

T = TypeVar("T")
CONNECTOR_TYPE = "zooniverse"
MAX_ID = 2**53


def zooniverse_dataset(slug: str) -> Dataset:
    dataset = Dataset.objects.select_related("archive").filter(
        slug=slug, enabled=True, archive__visible=True).first()
    if dataset is None:
        raise NotFound(f"No dataset '{slug}'.")
    if dataset.connector_type != CONNECTOR_TYPE:
        raise InvalidInput(f"Dataset '{slug}' is not a Zooniverse dataset.",
                           code="not_zooniverse")
    return dataset


def config(dataset: Dataset) -> ZooniverseConfig:
    return api_call(lambda: config_of(dataset))


def positive_id(value: Any, field: str) -> int:
    """A Panoptes id: a positive integer (anything else is 400 naming the field)."""
    text = str(value if value is not None else "").strip()
    if not text.isdigit() or not 0 < int(text) < MAX_ID or len(text) > 16:
        raise InvalidInput("A positive whole number is required.", field=field)
    return int(text)


def api_call(call: Callable[[], T]) -> T:
    """Run ``call``; connector errors become API errors (status and code)."""
    try:
        return call()
    except ConnectorError as exc:
        raise to_api_error(exc) from None


def login_required(message: str = "Sign in with your Zooniverse account first.") -> EsapError:
    error = EsapError(message, code="zooniverse_login_required")
    error.status_code = 401
    return error
