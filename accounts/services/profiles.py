"""The profile: who the user is (from the account and its identity provider) and their
preferences (admin-configured choices)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from accounts.models import Profile
from accounts.services.auth import identity_provider
from analysis.models import ComputeFacility, SoftwareRepository
from esap.errors import InvalidInput


def profile_of(user: Any) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def describe(user: Any) -> dict[str, Any]:
    profile = profile_of(user)
    return {
        "username": user.get_username(),
        "name": user.get_full_name(),
        "email": user.email,
        "identity_provider": identity_provider(user),
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "preferred_facilities": list(profile.preferred_facilities.filter(enabled=True)
                                     .values_list("slug", flat=True)),
        "preferred_repositories": list(profile.preferred_repositories.filter(enabled=True)
                                       .values_list("slug", flat=True)),
        "default_staging_destination": profile.default_staging_destination,
    }


def update(user: Any, *, name: str | None = None, email: str | None = None,
           preferred_facilities: Sequence[ComputeFacility] | None = None,
           preferred_repositories: Sequence[SoftwareRepository] | None = None,
           default_staging_destination: str | None = None) -> None:
    """Change the preferences; name and e-mail only for local accounts (an external
    provider owns them for the others)."""
    if (name is not None or email is not None) and identity_provider(user) != "local":
        field = "name" if name is not None else "email"
        raise InvalidInput("Your identity provider manages your name and e-mail address.",
                           field=field)
    with transaction.atomic():
        profile = profile_of(user)
        user_fields = []
        if name is not None:
            user.first_name, user.last_name = name.strip(), ""
            user_fields += ["first_name", "last_name"]
        if email is not None:
            user.email = email
            user_fields.append("email")
        if user_fields:
            user.save(update_fields=user_fields)
        if preferred_facilities is not None:
            profile.preferred_facilities.set(preferred_facilities)
        if preferred_repositories is not None:
            profile.preferred_repositories.set(preferred_repositories)
        if default_staging_destination is not None:
            profile.default_staging_destination = default_staging_destination.strip()
            profile.save(update_fields=["default_staging_destination"])
