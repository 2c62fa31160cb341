"""The data basket: a user's persistent items, or an anonymous browser session's.

Every read and write goes through a ``Basket`` (owner or session): other baskets' items are
never visible (their ids answer 404). Adds are idempotent and race-safe: within one
transaction the basket is locked (PostgreSQL: an advisory lock per basket; SQLite: writes run
in IMMEDIATE transactions, which serialize writers), existing items are looked up, the limit
is checked, and the new items are inserted with ``bulk_create(ignore_conflicts=True)`` on top
of the per-owner / per-session unique constraints. Beyond the limit nothing is added.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet

from accounts.models import BasketItem
from esap.errors import Conflict, NotFound

SESSION_MARKER = "esap_basket"  # makes Django keep (and send) an anonymous session
SMALL_LOOKUP = 500              # up to this many identifiers: one IN (...) query
BATCH_SIZE = 500

Key = tuple[str, str, str]  # (item_type, dataset_slug, identifier)


@dataclass(frozen=True)
class Basket:
    owner_id: int | None = None
    session_key: str = ""

    @property
    def filters(self) -> dict[str, Any]:
        if self.owner_id is not None:
            return {"owner_id": self.owner_id}
        return {"owner__isnull": True, "session_key": self.session_key}

    @property
    def limit(self) -> int:
        if self.owner_id is not None:
            return settings.ESAP_BASKET_LIMIT
        return min(settings.ESAP_BASKET_LIMIT, settings.ESAP_ANONYMOUS_BASKET_LIMIT)

    @property
    def lock_name(self) -> str:
        return f"basket:user:{self.owner_id}" if self.owner_id is not None \
            else f"basket:session:{self.session_key}"


@dataclass
class ItemSpec:
    """An item to add (validated: the dataset exists)."""

    item_type: str
    dataset_slug: str
    identifier: str
    connector_type: str = ""
    archive_slug: str = ""
    dataset_id: int | None = None
    title: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    notes: str = ""

    @property
    def key(self) -> Key:
        return (self.item_type, self.dataset_slug, self.identifier)


@dataclass
class AddResult:
    added: int
    existing: int
    items: list[BasketItem] = field(default_factory=list)


def basket_of(request: Any) -> Basket | None:
    """The caller's basket for reading; None for an anonymous caller without a session."""
    user = request.user
    if user is not None and user.is_authenticated:
        return Basket(owner_id=user.pk)
    key = request.session.session_key
    return Basket(session_key=key) if key else None


def basket_for_write(request: Any) -> Basket:
    """The caller's basket, starting the browser session of an anonymous caller."""
    basket = basket_of(request)
    if basket is not None:
        return basket
    session = request.session
    session[SESSION_MARKER] = True
    session.save()
    return Basket(session_key=session.session_key)


def items(basket: Basket | None, *, item_type: str | None = None,
          dataset: str | None = None) -> QuerySet[BasketItem]:
    if basket is None:
        return BasketItem.objects.none()
    queryset = BasketItem.objects.filter(**basket.filters)
    if item_type:
        queryset = queryset.filter(item_type=item_type)
    if dataset:
        queryset = queryset.filter(dataset_slug=dataset)
    return queryset.order_by("-added", "-id")


def count_items(basket: Basket | None) -> int:
    return items(basket).count() if basket is not None else 0


def get_item(basket: Basket | None, item_id: Any) -> BasketItem:
    item = items(basket).filter(pk=item_id).first()
    if item is None:
        raise NotFound("No such item in your basket.")
    return item


def _lock(basket: Basket) -> None:
    """Serialize writers of one basket until the end of the transaction."""
    if connection.vendor == "postgresql":
        digest = hashlib.sha256(basket.lock_name.encode()).digest()[:8]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)",
                           [int.from_bytes(digest, "big", signed=True)])
    # SQLite: atomic() opens BEGIN IMMEDIATE (settings), which already excludes other writers.


def _lookup(basket: Basket, keys: Iterable[Key], *, only: Sequence[str] = ()
            ) -> dict[Key, BasketItem]:
    """The basket's items with these keys, in few queries whatever the number of keys."""
    wanted = set(keys)
    if not wanted:
        return {}
    base = BasketItem.objects.filter(**basket.filters)
    if only:
        base = base.only(*only)
    if len(wanted) <= SMALL_LOOKUP:
        queries = [base.filter(identifier__in={key[2] for key in wanted})]
    else:  # large adds (all rows of a result): one query per (type, dataset) group
        groups: dict[tuple[str, str], int] = defaultdict(int)
        for item_type, dataset_slug, _ in wanted:
            groups[(item_type, dataset_slug)] += 1
        queries = [base.filter(item_type=t, dataset_slug=d) for t, d in groups]
    found = {}
    for queryset in queries:
        for item in queryset:
            key = (item.item_type, item.dataset_slug, item.identifier)
            if key in wanted:
                found[key] = item
    return found


def _unique(specs: Iterable[ItemSpec]) -> list[ItemSpec]:
    """The specs without repeated keys (the first one wins), in their order."""
    first: dict[Key, ItemSpec] = {}
    for spec in specs:
        first.setdefault(spec.key, spec)
    return list(first.values())


def _check_limit(basket: Basket, adding: int) -> None:
    count = count_items(basket)
    if count + adding > basket.limit:
        raise Conflict(
            f"The basket holds {count} of at most {basket.limit} items; {adding} more do not "
            f"fit. Nothing was added.", code="basket_full",
            details={"limit": basket.limit, "count": count, "adding": adding})


def add_items(basket: Basket, specs: Sequence[ItemSpec], *, return_items: bool = True
              ) -> AddResult:
    """Add items idempotently: an item already in the basket is left as it is."""
    specs = _unique(specs)
    with transaction.atomic():
        _lock(basket)
        present = _lookup(basket, (s.key for s in specs), only=("item_type", "dataset_slug",
                                                                  "identifier"))
        new = [spec for spec in specs if spec.key not in present]
        if new:
            _check_limit(basket, len(new))
            BasketItem.objects.bulk_create(
                [_new_item(basket, spec) for spec in new],
                batch_size=BATCH_SIZE, ignore_conflicts=True)
    result = AddResult(added=len(new), existing=len(specs) - len(new))
    if return_items:
        stored = _lookup(basket, (s.key for s in specs))
        result.items = [stored[s.key] for s in specs if s.key in stored]
    return result


def _new_item(basket: Basket, spec: ItemSpec) -> BasketItem:
    return BasketItem(
        owner_id=basket.owner_id, session_key="" if basket.owner_id else basket.session_key,
        item_type=spec.item_type, connector_type=spec.connector_type,
        dataset_id=spec.dataset_id, dataset_slug=spec.dataset_slug,
        archive_slug=spec.archive_slug, identifier=spec.identifier, title=spec.title,
        metadata=spec.metadata, notes=spec.notes)


def update_notes(basket: Basket | None, item_id: Any, notes: str) -> BasketItem:
    item = get_item(basket, item_id)
    item.notes = notes
    item.save(update_fields=["notes"])
    return item


def remove_item(basket: Basket | None, item_id: Any) -> None:
    deleted, _ = items(basket).filter(pk=item_id).delete()
    if not deleted:
        raise NotFound("No such item in your basket.")


def clear(basket: Basket | None) -> int:
    if basket is None:
        return 0
    deleted, _ = BasketItem.objects.filter(**basket.filters).delete()
    return deleted


def merge_session_basket(session_key: str | None, user: Any) -> int:
    """Move an anonymous session's items into the user's basket (at login). Items the user
    already has keep their notes unless they had none. Idempotent: the session's items are
    gone afterwards. Never drops items: the merged basket may exceed the limit (the session
    basket is bounded itself), then further adds answer basket_full until items are removed.
    Returns how many items were new to the user."""
    if not session_key:
        return 0
    source = Basket(session_key=session_key)
    target = Basket(owner_id=user.pk)
    with transaction.atomic():
        _lock(target)
        anonymous = list(BasketItem.objects.filter(**source.filters))
        if not anonymous:
            return 0
        by_key = {(i.item_type, i.dataset_slug, i.identifier): i for i in anonymous}
        present = _lookup(target, by_key, only=("item_type", "dataset_slug", "identifier",
                                                "notes"))
        new = []
        for key, item in by_key.items():
            mine = present.get(key)
            if mine is None:
                item.pk, item.owner_id, item.session_key = None, user.pk, ""
                new.append(item)
            elif item.notes and not mine.notes:
                BasketItem.objects.filter(pk=mine.pk).update(notes=item.notes)
        BasketItem.objects.filter(**source.filters).delete()
        BasketItem.objects.bulk_create(new, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return len(new)


def item_json(item: BasketItem) -> dict[str, Any]:
    return {"id": item.pk, "item_type": item.item_type, "connector_type": item.connector_type,
            "dataset": item.dataset_slug, "archive": item.archive_slug,
            "identifier": item.identifier, "title": item.title, "metadata": item.metadata,
            "notes": item.notes, "added": item.added.isoformat().replace("+00:00", "Z")}
