"""The production image must contain every installed project app (no Docker engine here to
build it, so the Dockerfile is checked against the settings)."""

from django.apps import apps

from tests.conftest import ROOT


def test_dockerfile_copies_every_project_app():
    dockerfile = (ROOT / "Dockerfile").read_text()
    project_apps = [c.name for c in apps.get_app_configs() if (ROOT / c.name).is_dir()]
    assert project_apps, "no project apps found"
    for name in project_apps:
        assert f"COPY {name}/ {name}/" in dockerfile, f"Dockerfile does not copy {name}/"
