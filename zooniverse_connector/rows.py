"""Panoptes records as ESAP rows and API answers (projects, workflows, subject sets,
subjects)."""

from __future__ import annotations

from typing import Any

from query.connectors import ColumnInfo
from zooniverse_connector.config import ZooniverseConfig

COLUMNS = [
    ColumnInfo("project_id", "long", description="Panoptes project id"),
    ColumnInfo("slug", "char", description="Project slug (owner/name)"),
    ColumnInfo("description", "char", description="One-line description"),
    ColumnInfo("subjects_count", "long", description="Subjects"),
    ColumnInfo("classifications_count", "long", description="Classifications so far"),
    ColumnInfo("classifiers_count", "long", description="Volunteers"),
    ColumnInfo("state", "char", description="live, paused, finished, development"),
    ColumnInfo("completeness", "double", description="Fraction of subjects retired"),
    ColumnInfo("launch_approved", "boolean", description="Approved for the Zooniverse"),
]


def as_int(value: Any) -> int | None:
    try:
        return None if value is None or isinstance(value, bool) else int(value)
    except (TypeError, ValueError):
        return None


def as_float(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def media_url(value: Any) -> str | None:
    """Panoptes gives some media URLs without a scheme (``panoptes-uploads…/x.jpeg``)."""
    if not isinstance(value, str) or not value:
        return None
    return value if value.startswith(("https://", "http://")) else f"https://{value}"


def avatar_of(project: dict[str, Any], linked: dict[str, Any] | None = None) -> str | None:
    if project.get("avatar_src"):
        return media_url(project["avatar_src"])
    avatar_id = str(((project.get("links") or {}).get("avatar") or {}).get("id") or "")
    for avatar in (linked or {}).get("avatars") or []:
        if str(avatar.get("id")) == avatar_id:
            return media_url(avatar.get("src"))
    return None


def project_fields(project: dict[str, Any]) -> dict[str, Any]:
    return {
        "project_id": as_int(project.get("id")), "slug": project.get("slug"),
        "description": project.get("description") or "",
        "subjects_count": as_int(project.get("subjects_count")),
        "classifications_count": as_int(project.get("classifications_count")),
        "classifiers_count": as_int(project.get("classifiers_count")),
        "state": project.get("state"), "completeness": as_float(project.get("completeness")),
        "launch_approved": bool(project.get("launch_approved")),
    }


def project_row(project: dict[str, Any], config: ZooniverseConfig) -> dict[str, Any]:
    fields = project_fields(project)
    return {"id": f"project:{fields['project_id']}",
            "title": project.get("display_name") or fields["slug"] or str(project.get("id")),
            "ra": None, "dec": None, "access_url": config.project_link(fields["slug"]),
            "format": None, "size": None, "dataproduct_type": "project",
            "thumbnail": avatar_of(project), "fields": fields}


def project_detail(project: dict[str, Any], linked: dict[str, Any],
                   config: ZooniverseConfig, owner: bool) -> dict[str, Any]:
    fields = project_fields(project)
    return {"id": fields["project_id"], "slug": fields["slug"],
            "display_name": project.get("display_name") or "",
            "description": fields["description"],
            "introduction": project.get("introduction") or "",
            "avatar": avatar_of(project, linked),
            "subjects_count": fields["subjects_count"],
            "classifications_count": fields["classifications_count"],
            "classifiers_count": fields["classifiers_count"], "state": fields["state"],
            "completeness": fields["completeness"],
            "launch_approved": fields["launch_approved"],
            "project_url": config.project_link(fields["slug"]), "owner": owner}


def workflow_json(workflow: dict[str, Any]) -> dict[str, Any]:
    return {"id": as_int(workflow.get("id")), "display_name": workflow.get("display_name") or "",
            "active": bool(workflow.get("active")),
            "subjects_count": as_int(workflow.get("subjects_count")),
            "classifications_count": as_int(workflow.get("classifications_count")),
            "completeness": as_float(workflow.get("completeness"))}


def subject_set_json(subject_set: dict[str, Any]) -> dict[str, Any]:
    return {"id": as_int(subject_set.get("id")),
            "display_name": subject_set.get("display_name") or "",
            "set_member_subjects_count": as_int(subject_set.get("set_member_subjects_count"))}


def locations_of(subject: dict[str, Any]) -> list[dict[str, str]]:
    """Panoptes' ``[{"image/jpeg": url}, …]`` as ``[{"type", "url"}, …]``."""
    found = []
    for location in subject.get("locations") or []:
        if isinstance(location, dict):
            for mime, url in location.items():
                if media_url(url):
                    found.append({"type": str(mime), "url": media_url(url) or ""})
    return found


def subject_json(subject: dict[str, Any], config: ZooniverseConfig) -> dict[str, Any]:
    locations = locations_of(subject)
    thumbnail = next((loc["url"] for loc in locations if loc["type"].startswith("image/")),
                     None)
    metadata = subject.get("metadata")
    return {"id": as_int(subject.get("id")), "locations": locations, "thumbnail": thumbnail,
            "metadata": metadata if isinstance(metadata, dict) else {},
            "talk_url": config.talk_link(subject.get("id"))}
