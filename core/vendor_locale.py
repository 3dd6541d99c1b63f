"""Vietnamese for the strings of the packages we build on that their own
catalogues leave in English.

Wagtail ships Vietnamese for about 300 of its 2,000 admin strings, Django for
most but not all of its own ("5 minutes ago"), django-allauth none, so editors
and plan managers met an admin that was mostly English ("Reports", "Filter by",
"Save draft"…). ``locale/vi/LC_MESSAGES/`` (LOCALE_PATHS, which Django reads
before any app) holds the rest, for the ``django`` domain and Wagtail's
JavaScript (``djangojs``). It holds nothing that a package's own Vietnamese
catalogue or the project's apps already translate, so it only fills gaps.

After upgrading one of these packages, ``manage.py vendor_translations`` adds
their new strings (untranslated) and drops those they no longer have; the test
``core/tests/test_vendor_locale.py`` fails until the new ones are translated.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import polib
from django.conf import settings

#: Per domain, the packages (and their catalogues' folders, as globs) whose
#: English strings must all read in Vietnamese. Wagtail's JavaScript catalogue
#: reads wagtail.admin's ``djangojs`` and LOCALE_PATHS only.
SOURCES = {
    "django": [
        ("wagtail", "**/locale"),
        ("django", "conf/locale"),
        ("django", "contrib/admin/locale"),
        ("django", "contrib/auth/locale"),
        ("django", "contrib/contenttypes/locale"),
        ("django", "contrib/humanize/locale"),
        ("django", "contrib/sessions/locale"),
        ("allauth", "locale"),
        ("taggit", "locale"),
        ("django_celery_beat", "locale"),
    ],
    "djangojs": [("wagtail", "admin/locale")],
}
DOMAINS = tuple(SOURCES)
HEADER = {
    "Project-Id-Version": "elearn (Vietnamese for Wagtail, Django, allauth)",
    "Language": "vi",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def catalogue_path(domain: str) -> Path:
    return Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / f"{domain}.po"


def _catalogues(domain: str, language: str) -> list[tuple[str, Path]]:
    found = []
    for package, folders in SOURCES[domain]:
        root = Path(importlib.import_module(package).__file__).resolve().parent
        for folder in sorted(root.glob(folders)):
            path = folder / language / "LC_MESSAGES" / f"{domain}.po"
            if path.exists():
                found.append((f"{package}/{folder.relative_to(root)}", path))
    return found


def _translated(path: Path) -> set[tuple]:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if e.translated()}


def vendor_gaps(domain: str) -> list[polib.POEntry]:
    """The packages' strings of ``domain`` that neither their Vietnamese
    catalogues nor the project's apps translate (one entry per string)."""
    done = set()
    for _source, path in _catalogues(domain, "vi"):
        done |= _translated(path)
    for path in Path(settings.BASE_DIR).glob(f"*/locale/vi/LC_MESSAGES/{domain}.po"):
        done |= _translated(path)
    gaps = []
    for source, english in _catalogues(domain, "en"):
        for entry in polib.pofile(str(english)):
            key = (entry.msgctxt, entry.msgid)
            if entry.obsolete or not entry.msgid or key in done:
                continue
            done.add(key)  # once, for the first package that has it
            gap = polib.POEntry(
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                flags=[flag for flag in entry.flags if flag.endswith("-format")],
                occurrences=[
                    (f"{source}: {path}", line) for path, line in entry.occurrences
                ][:3],
            )
            if entry.msgid_plural:
                gap.msgid_plural = entry.msgid_plural
                gap.msgstr_plural = {0: ""}
            gaps.append(gap)
    return gaps


def vendor_catalogue_update(*, domain: str) -> dict:
    """Bring ``locale/vi`` in line with the installed packages: keep every
    translation still needed, add the new strings untranslated, drop the rest."""
    path = catalogue_path(domain)
    kept = {}
    if path.exists():
        kept = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path))}
    catalogue = polib.POFile()
    catalogue.metadata = dict(HEADER)
    added = 0
    for gap in vendor_gaps(domain):
        old = kept.pop((gap.msgctxt, gap.msgid), None)
        if old is not None and old.translated():
            gap.msgstr, gap.msgstr_plural = old.msgstr, old.msgstr_plural
        else:
            added += 1
        catalogue.append(gap)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(path))
    return {"entries": len(catalogue), "untranslated": added, "dropped": len(kept)}
