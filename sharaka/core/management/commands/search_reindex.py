from django.core.management.base import BaseCommand
from django.db import transaction

from sharaka.core import search


class Command(BaseCommand):
    help = "Rebuild the search rows of agreements, interactions, documents and inquiries from the database."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", choices=sorted(search.TEXTS), help="only these kinds")

    def handle(self, *args, kinds=(), **options):
        with transaction.atomic():
            count = search.reindex(kinds or None)
        self.stdout.write(f"{count} objects indexed.")
