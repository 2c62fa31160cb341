import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from esap.errors import InvalidInput
from query.models import Archive
from query.services.configuration import load_archives


class Command(BaseCommand):
    help = "Create or update archives and datasets from a JSON file (upsert by slug)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="+", help="JSON file(s), e.g. config/demo-archives.json")
        parser.add_argument("--if-empty", action="store_true",
                            help="Load only when no archive is configured yet (keeps admin edits).")

    def handle(self, *args, **options):
        if options["if_empty"] and Archive.objects.exists():
            self.stdout.write("archives already configured; nothing loaded")
            return
        for path in options["path"]:
            try:
                document = json.loads(Path(path).read_text())
                archives, datasets = load_archives(document)
            except (OSError, json.JSONDecodeError, InvalidInput, KeyError) as exc:
                raise CommandError(f"{path}: {exc}") from exc
            self.stdout.write(f"{path}: {archives} archive(s), {datasets} dataset(s) loaded")
