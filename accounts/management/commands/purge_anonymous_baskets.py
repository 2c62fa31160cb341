"""Delete anonymous basket items whose browser session no longer exists (expired or ended)."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import BasketItem


class Command(BaseCommand):
    help = "Delete the basket items of expired anonymous sessions (database sessions)."

    def handle(self, *args: Any, **options: Any) -> None:
        live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
        orphans = BasketItem.objects.filter(owner__isnull=True).exclude(session_key__in=live)
        deleted, _ = orphans.delete()
        self.stdout.write(f"{deleted} anonymous basket item(s) deleted.")
