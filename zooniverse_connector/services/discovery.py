"""Project pages: a project, its workflows and subject sets, and subjects (paged as Panoptes
pages them; subjects sorted by id so that pages neither overlap nor skip: panoptes#3652).
Public data is read anonymously, or with the user's Zooniverse token when signed in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from query.models import Dataset
from zooniverse_connector.client import Page, PanoptesClient
from zooniverse_connector.config import ZooniverseConfig
from zooniverse_connector.models import ZooniverseAccount
from zooniverse_connector.rows import (
    project_detail,
    subject_json,
    subject_set_json,
    workflow_json,
)
from zooniverse_connector.services.account import token_for
from zooniverse_connector.services.datasets import api_call, config

EXPORT_ROLES = {"owner", "collaborator"}


def _client(dataset: Dataset, user: Any) -> tuple[PanoptesClient, ZooniverseAccount | None]:
    token, account = token_for(user, dataset, required=False)
    return PanoptesClient(config(dataset), dataset.timeout, token), account


def may_export(client: PanoptesClient, project: dict[str, Any],
               account: ZooniverseAccount | None) -> bool:
    """The signed-in user owns the project or collaborates on it."""
    if account is None or not account.panoptes_user_id:
        return False
    owner = (project.get("links") or {}).get("owner") or {}
    if owner.get("type") == "users" and str(owner.get("id")) == account.panoptes_user_id:
        return True
    roles = client.page("project_roles", {"project_id": project.get("id"),
                                          "user_id": account.panoptes_user_id})
    return any(EXPORT_ROLES & set(r.get("roles") or []) for r in roles.records)


def project(dataset: Dataset, user: Any, project_id: int) -> dict[str, Any]:
    client, account = _client(dataset, user)
    try:
        record, linked = api_call(lambda: client.one("projects", project_id,
                                                     {"include": "avatar"}))
        owner = api_call(lambda: may_export(client, record, account))
        return project_detail(record, linked, client.config, owner)
    finally:
        client.close()


def _listing(dataset: Dataset, user: Any, resource: str, params: dict[str, Any],
             page: int, page_size: int | None, shape: Callable[[dict[str, Any]], Any],
             parent: tuple[str, int]) -> dict[str, Any]:
    client, _ = _client(dataset, user)
    conf: ZooniverseConfig = client.config
    try:
        found: Page = api_call(lambda: client.page(resource, {
            **params, "sort": "id", "page": page, "page_size": page_size or conf.page_size}))
        if not found.records and page == 1:
            api_call(lambda: client.one(*parent))  # an unknown parent is a 404, not empty
        return found.to_json([shape(r) for r in found.records])
    finally:
        client.close()


def workflows(dataset: Dataset, user: Any, project_id: int, page: int,
              page_size: int | None = None) -> dict[str, Any]:
    return _listing(dataset, user, "workflows", {"project_id": project_id}, page, page_size,
                    workflow_json, ("projects", project_id))


def subject_sets(dataset: Dataset, user: Any, project_id: int, page: int,
                 page_size: int | None = None) -> dict[str, Any]:
    return _listing(dataset, user, "subject_sets", {"project_id": project_id}, page,
                    page_size, subject_set_json, ("projects", project_id))


def subjects(dataset: Dataset, user: Any, *, project_id: int | None = None,
             subject_set_id: int | None = None, page: int = 1,
             page_size: int | None = None) -> dict[str, Any]:
    conf = config(dataset)
    if subject_set_id is not None:
        params, parent = {"subject_set_id": subject_set_id}, ("subject_sets", subject_set_id)
    else:
        params, parent = {"project_id": project_id}, ("projects", project_id or 0)
    return _listing(dataset, user, "subjects", params, page, page_size,
                    lambda s: subject_json(s, conf), parent)
