from django.core.management.base import BaseCommand

from query.services.searches import purge_expired


class Command(BaseCommand):
    help = "Delete expired (anonymous) searches and their stored rows."

    def handle(self, *args, **options):
        self.stdout.write(f"{purge_expired()} object(s) deleted")
