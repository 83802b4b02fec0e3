"""Compile every app's .po catalogue to .mo with Babel (pure Python: no gettext tools needed)."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogues():
    return sorted((Path(settings.BASE_DIR) / "sharaka").glob("*/locale/*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po → .mo)."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--fill-english",
            action="store_true",
            help="Copy each English msgid into its empty or fuzzy msgstr.",
        )

    def handle(self, *args, fill_english=False, **options):
        for po_path in catalogues():
            locale = po_path.parent.parent.name
            with po_path.open("rb") as fh:
                catalog = read_po(fh, locale=locale)
            if fill_english and locale == "en":
                for message in catalog:
                    if not message.id:
                        continue
                    if message.fuzzy:  # a guess from a neighbouring msgid ("Finance officer" for "Finance")
                        message.string = message.id if isinstance(message.id, str) else ("", "")
                    if isinstance(message.id, tuple):
                        if not any(message.string):
                            message.string = (message.id[0], message.id[1])
                    elif not message.string:
                        message.string = message.id
                    message.flags.discard("fuzzy")
                with po_path.open("wb") as fh:
                    write_po(fh, catalog, width=0, omit_header=False)
            with po_path.with_suffix(".mo").open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)
        self.stdout.write(f"{len(catalogues())} catalogues compiled")
