"""Every string the project marks for translation has a Vietnamese translation."""

from django.utils import translation

from tests.i18n_extract import extract

# Strings that are the same in both languages.
SAME_IN_VIETNAMESE = {
    "Email",
    "API",
    "OK",
    "PDF",
    "CSV",
    "XLSX",
    "QR",
    "ZIP",
    "JSON",
    "GIFT",
    "Aiken",
    "SHTT",
    "English",
    "Tiếng Việt",
}


def test_every_msgid_has_a_vietnamese_translation():
    missing = []
    with translation.override("vi"):
        for msgid, where in sorted(extract().items()):
            if msgid in SAME_IN_VIETNAMESE or not msgid.strip():
                continue
            if translation.gettext(msgid) == msgid:
                missing.append(f"{where}: {msgid!r}")
    assert not missing, "untranslated msgids:\n" + "\n".join(missing)
