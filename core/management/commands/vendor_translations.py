"""Bring the Vietnamese catalogue of Wagtail, Django and allauth's gaps up to date."""

from django.core.management.base import BaseCommand

from core.vendor_locale import DOMAINS, vendor_catalogue_update


class Command(BaseCommand):
    help = (
        "Add the untranslated strings of Wagtail, Django, allauth and taggit to "
        "locale/vi (after an upgrade) and drop those they no longer have; then "
        "translate the new ones."
    )

    def handle(self, *args, **options):
        for domain in DOMAINS:
            result = vendor_catalogue_update(domain=domain)
            self.stdout.write(
                f"{domain}: {result['entries']} strings, "
                f"{result['untranslated']} to translate, {result['dropped']} dropped"
            )
