"""Celery application for the scaled profile (CELERY_BROKER_URL set, ESAP_TASK_RUNNER=celery)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "esap.settings")

app = Celery("esap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
