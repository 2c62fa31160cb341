from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand
from django.db import connections

from query.models import Dataset
from query.services.connector_calls import check_health


def _check(dataset_id: int) -> Dataset:
    try:
        return check_health(Dataset.objects.select_related("archive").get(pk=dataset_id))
    finally:
        connections.close_all()


class Command(BaseCommand):
    help = "Check every enabled dataset's archive (in parallel) and store the health outcome."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Include disabled datasets.")

    def handle(self, *args, **options):
        datasets = Dataset.objects.all() if options["all"] else Dataset.objects.filter(enabled=True)
        ids = list(datasets.values_list("pk", flat=True))
        with ThreadPoolExecutor(max_workers=8) as pool:
            for dataset in pool.map(_check, ids):
                state = "ok" if dataset.health_ok else "FAIL"
                latency = dataset.health_latency_ms
                shown = f"{latency:.0f} ms" if latency is not None else "-"
                self.stdout.write(
                    f"{state:4} {dataset.slug:30} {shown:>8}  {dataset.health_error}")
