"""Staging: replication rules that bring DIDs to a destination next to compute, recorded
per user as a staging request, refreshed from Rucio, cancellable.

Creating rules is idempotent: a rule of the same account, DID and RSE expression that is
still alive is reused (and marked ``reused``: a cancel never deletes it)."""

from __future__ import annotations

import logging
from datetime import timedelta
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import BasketItem
from esap.errors import Conflict, EsapError, InvalidInput, NotFound
from esap.taskrunner import dispatch_if_stale
from query.connectors import ArchiveRefused, ConnectorError
from query.models import Dataset
from query.services.connector_calls import to_api_error
from rucio_connector.auth import UserToken
from rucio_connector.client import RucioClient
from rucio_connector.config import Destination
from rucio_connector.models import ACTIVE_STATES, StagedItem, StagingRequest, StagingState
from rucio_connector.patterns import parse_did
from rucio_connector.rows import did_type, iso_time
from rucio_connector.services.datasets import api_call, client, config, error_fields, rucio_dataset

logger = logging.getLogger(__name__)
MAX_DIDS = 200
MAX_FILE_SIZES = 5000     # beyond this, progress in bytes is estimated from lock counts
LIVE_RULE_STATES = {"OK", "REPLICATING", "STUCK", "SUSPENDED", "WAITING_APPROVAL", "INJECT"}
ITEM_TYPE = "rucio_did"


def destinations(dataset: Dataset) -> dict[str, Any]:
    conf = config(dataset)
    return {"destinations": [d.to_json() for d in conf.destinations],
            "default_lifetime_days": conf.default_lifetime_days,
            "max_lifetime_days": conf.max_lifetime_days}


def own_requests(user: Any) -> Any:
    return StagingRequest.objects.filter(owner=user).prefetch_related("items")


def get_request(user: Any, request_id: Any) -> StagingRequest:
    found = own_requests(user).filter(pk=request_id).first()
    if found is None:  # someone else's request answers exactly like a missing one
        raise NotFound("No such staging request.")
    return found


# ----------------------------------------------------------------------------- create

def _dids_from_basket(user: Any, dataset: Dataset, ids: list[int]) -> list[str]:
    items = {i.pk: i for i in BasketItem.objects.filter(owner=user, pk__in=ids)}
    dids = []
    for index, item_id in enumerate(ids):
        item = items.get(item_id)
        if item is None:
            raise InvalidInput(f"Basket item {item_id} does not exist.",
                               field=f"basket_items[{index}]")
        if item.item_type != ITEM_TYPE or item.dataset_slug != dataset.slug:
            raise InvalidInput(
                f"Basket item {item_id} ({item.identifier}) is not a data identifier of "
                f"'{dataset.slug}' and cannot be staged there.", code="not_stageable",
                field=f"basket_items[{index}]")
        dids.append(item.identifier)
    return dids


def _checked_dids(dids: list[str]) -> list[tuple[str, str]]:
    checked = []
    for index, text in enumerate(dids):
        checked.append(api_call(lambda t=text, i=index: parse_did(t, field=f"dids[{i}]")))
    return list(dict.fromkeys(checked))


def _rule_for(rucio: RucioClient, scope: str, name: str, account: str,
              destination: Destination, lifetime_days: int, who: str) -> tuple[str, bool]:
    """(rule id, reused): an existing live rule of this account and destination, or a new one.
    A rule that would expire before this request's lifetime is extended (Rucio deletes rules
    softly: a cancelled rule lingers for up to an hour and blocks an identical new one)."""
    lifetime = lifetime_days * 86400
    for rule in islice(rucio.did_rules(scope, name), 1000):
        if rule.get("account") == account and \
                rule.get("rse_expression") == destination.rse_expression and \
                rule.get("state") in LIVE_RULE_STATES:
            expires = iso_time(rule.get("expires_at"))
            wanted = (timezone.now() + timedelta(seconds=lifetime)).strftime("%Y-%m-%dT%H:%M:%SZ")
            if expires is not None and expires < wanted:
                rucio.extend_rule(str(rule["id"]), lifetime)
            return str(rule["id"]), not _cancelled_by_esap(str(rule["id"]))
    try:
        return rucio.add_rule(scope, name, account=account,
                              rse_expression=destination.rse_expression,
                              lifetime_seconds=lifetime_days * 86400,
                              comment=f"ESAP staging for {who}"), False
    except ArchiveRefused as exc:
        if exc.code != "duplicate_rule":
            raise
        # Created meanwhile by a concurrent request: find it and reuse it.
        for rule in rucio.did_rules(scope, name):
            if rule.get("account") == account and \
                    rule.get("rse_expression") == destination.rse_expression:
                return str(rule["id"]), True
        raise


def _cancelled_by_esap(rule_id: str) -> bool:
    """The rule was created by an ESAP request that was then cancelled: taking it over makes
    it this request's own (a cancel deletes it again)."""
    return StagedItem.objects.filter(rule_id=rule_id, reused=False,
                                     request__state=StagingState.CANCELLED).exists()


def _stage_one(rucio: RucioClient, scope: str, name: str, account: str,
               destination: Destination, lifetime_days: int, who: str) -> StagedItem:
    item = StagedItem(did=f"{scope}:{name}")
    try:
        info = rucio.did(scope, name)
        item.did_type = did_type(info.get("type"))
        item.bytes = None if info.get("bytes") is None else int(info["bytes"])
        if item.did_type == "file":
            item.files = 1
            item.file_sizes = {item.did: item.bytes or 0}
        else:
            sizes = {f"{f['scope']}:{f['name']}": f.get("bytes") or 0
                     for f in islice(rucio.files(scope, name), MAX_FILE_SIZES + 1)}
            item.files = int(info.get("length") or len(sizes))
            item.file_sizes = sizes if len(sizes) <= MAX_FILE_SIZES else {}
        item.rule_id, item.reused = _rule_for(rucio, scope, name, account, destination,
                                              lifetime_days, who)
    except ConnectorError as exc:
        for key, value in error_fields(exc).items():
            setattr(item, key, value)
    return item


def create(user: Any, *, dataset_slug: str, destination_key: str,
           lifetime_days: int | None = None, dids: list[str] | None = None,
           basket_items: list[int] | None = None, name: str = "") -> StagingRequest:
    dataset = rucio_dataset(dataset_slug)
    conf = config(dataset)
    destination = conf.destination(destination_key)
    if destination is None:
        raise InvalidInput(f"'{destination_key}' is not a staging destination of this data "
                           "lake.", code="bad_destination", field="destination")
    lifetime = lifetime_days or conf.default_lifetime_days
    if not 1 <= lifetime <= conf.max_lifetime_days:
        raise InvalidInput(f"Between 1 and {conf.max_lifetime_days} days.",
                           field="lifetime_days")
    if bool(dids) == bool(basket_items):
        raise InvalidInput("Give either dids or basket_items.", field="dids")
    wanted = _checked_dids(dids or _dids_from_basket(user, dataset, basket_items or []))
    if len(wanted) > MAX_DIDS:
        raise InvalidInput(f"At most {MAX_DIDS} data identifiers per request.", field="dids")
    rucio = client(dataset, user)
    account = api_call(rucio.whoami) if isinstance(rucio.tokens, UserToken) \
        else conf.auth.account
    items = [_stage_one(rucio, scope, did_name, account, destination, lifetime,
                        user.get_username()) for scope, did_name in wanted]
    if not any(i.rule_id for i in items):
        _raise_item_error(items[0])
    now = timezone.now()
    with transaction.atomic():
        staging = StagingRequest.objects.create(
            owner=user, dataset=dataset, dataset_slug=dataset.slug, name=name,
            destination_key=destination.key, destination_label=destination.label,
            rse_expression=destination.rse_expression, facility=destination.facility,
            account=account, lifetime_days=lifetime, expires_at=now + timedelta(days=lifetime))
        for item in items:
            item.request = staging
        StagedItem.objects.bulk_create(items)
    return refresh(staging, rucio)


def _raise_item_error(item: StagedItem) -> None:
    error = EsapError(item.error_message, code=item.error_code,
                      details={"rucio": item.rucio_exception} if item.rucio_exception else None)
    error.status_code = {"did_not_found": 404, "permission_denied": 403,
                         "rucio_token_refused": 403, "login_required": 401,
                         "quota_exceeded": 409, "rse_unavailable": 409,
                         "archive_timeout": 504}.get(item.error_code, 502)
    raise error


# ----------------------------------------------------------------------------- refresh

def _progress(rucio: RucioClient, item: StagedItem, rule: dict[str, Any]) -> None:
    item.rule_state = str(rule.get("state") or "")
    item.locks_ok = int(rule.get("locks_ok_cnt") or 0)
    item.locks_replicating = int(rule.get("locks_replicating_cnt") or 0)
    item.locks_stuck = int(rule.get("locks_stuck_cnt") or 0)
    total_locks = item.locks_ok + item.locks_replicating + item.locks_stuck
    if item.rule_state == "OK":
        item.bytes_done = item.bytes or sum(item.file_sizes.values())
    elif item.locks_ok and item.file_sizes:
        done = 0
        for lock in rucio.stream(f"rules/{item.rule_id}/locks"):
            if lock.get("state") == "OK":
                done += item.file_sizes.get(f"{lock.get('scope')}:{lock.get('name')}", 0)
        item.bytes_done = done
    elif total_locks and item.bytes:
        item.bytes_done = item.bytes * item.locks_ok // total_locks
    else:
        item.bytes_done = 0


def _state_of(items: list[StagedItem]) -> str:
    if any(i.error_code or i.rule_state == "STUCK" for i in items):
        return StagingState.FAILED
    if all(i.rule_state == "OK" for i in items):
        return StagingState.DONE
    return StagingState.REPLICATING


def refresh(staging: StagingRequest, rucio: RucioClient | None = None) -> StagingRequest:
    """Ask Rucio for the state of the request's rules and store it."""
    if staging.state not in ACTIVE_STATES:
        return staging
    if staging.dataset is None:
        raise Conflict("The data lake of this request is no longer configured.",
                       code="dataset_removed")
    rucio = rucio or client(staging.dataset, staging.owner)
    items = list(staging.items.all())
    for item in items:
        if not item.rule_id or item.error_code:
            continue
        try:
            _progress(rucio, item, rucio.rule(item.rule_id))
        except ArchiveRefused as exc:
            if exc.code != "rule_not_found":
                raise to_api_error(exc) from None
            item.rule_state = "GONE"
            item.error_code, item.rucio_exception = "rule_gone", "RuleNotFound"
            item.error_message = "The replication rule no longer exists in Rucio."
        except ConnectorError as exc:
            raise to_api_error(exc) from None
    now = timezone.now()
    state = _state_of(items)
    with transaction.atomic():
        for item in items:
            item.save(update_fields=["rule_state", "locks_ok", "locks_replicating",
                                     "locks_stuck", "bytes_done", "error_code",
                                     "error_message", "rucio_exception"])
        StagingRequest.objects.filter(pk=staging.pk, state__in=ACTIVE_STATES).update(
            state=state, refreshed_at=now,
            finished_at=None if state in ACTIVE_STATES else now)
    return get_request(staging.owner, staging.pk)


def refresh_if_stale(staging: StagingRequest) -> None:
    """Reading an active request that was not refreshed recently starts a background
    refresh (at most one in flight per request)."""
    if staging.state not in ACTIVE_STATES:
        return
    from rucio_connector.tasks import refresh_staging
    dispatch_if_stale(staging, checked_at=staging.refreshed_at, task=refresh_staging,
                      seconds=settings.ESAP_RUCIO_REFRESH_SECONDS)


def refresh_in_background(request_id: str) -> None:
    staging = StagingRequest.objects.select_related("owner", "dataset").filter(
        pk=request_id).first()
    if staging is None:
        return
    try:
        refresh(staging)
    except EsapError as exc:  # Rucio down: keep the last known state; readers see its age
        logger.warning("staging refresh %s failed: %s", request_id, exc.message)


# ----------------------------------------------------------------------------- cancel

def cancel(staging: StagingRequest) -> StagingRequest:
    """Delete the rules this request created (not reused ones, not those another live
    request also uses); the request becomes ``cancelled``."""
    if staging.state == StagingState.CANCELLED:
        return staging
    if staging.dataset is None:
        raise Conflict("The data lake of this request is no longer configured.",
                       code="dataset_removed")
    rucio = client(staging.dataset, staging.owner)
    for item in staging.items.all():
        if not item.rule_id or item.reused or item.rule_state == "GONE":
            continue
        shared = StagedItem.objects.filter(rule_id=item.rule_id).exclude(
            request=staging).exclude(request__state=StagingState.CANCELLED).exists()
        if shared:
            continue
        try:
            rucio.delete_rule(item.rule_id)
        except ArchiveRefused as exc:
            if exc.code != "rule_not_found":
                raise to_api_error(exc) from None
        except ConnectorError as exc:
            raise to_api_error(exc) from None
    StagingRequest.objects.filter(pk=staging.pk).update(
        state=StagingState.CANCELLED, finished_at=timezone.now())
    return get_request(staging.owner, staging.pk)
