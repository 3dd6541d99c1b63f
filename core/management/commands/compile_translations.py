"""Compile every .po file to .mo with polib, so no gettext tools are needed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the project's .po translation files (no msgfmt required)."

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        found = list(base.glob("*/locale/*/LC_MESSAGES/*.po"))
        for folder in settings.LOCALE_PATHS:  # the packages' gaps (core.vendor_locale)
            found += Path(folder).glob("*/LC_MESSAGES/*.po")
        count = 0
        for po_path in sorted(found):
            if ".venv" in po_path.parts:
                continue
            po = polib.pofile(str(po_path))
            po.save_as_mofile(str(po_path.with_suffix(".mo")))
            count += 1
        self.stdout.write(f"compiled {count} catalogues")
