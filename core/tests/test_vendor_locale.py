"""Wagtail, Django and allauth speak Vietnamese: locale/vi fills what their
own catalogues leave in English (core.vendor_locale)."""

import json
import re
from collections import Counter

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from core.vendor_locale import DOMAINS, catalogue_path, vendor_gaps

TOKEN = re.compile(
    r"%\([^)]+\)[sdrif]|%[sdrif]|%%|\{\{[^}]*\}\}|\{[A-Za-z0-9_.]*\}"
    r"|</?[a-zA-Z][^>]*>|&[a-z]+;|\n"
)


def tokens(text: str) -> Counter:
    return Counter(token.replace(" ", "") for token in TOKEN.findall(text))


def catalogue(domain):
    return polib.pofile(str(catalogue_path(domain)))


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_string_wagtail_leaves_in_english_is_translated(domain):
    ours = {(e.msgctxt, e.msgid): e for e in catalogue(domain)}
    gaps = vendor_gaps(domain)
    assert len(gaps) > 50  # the packages' vi catalogues are far from complete
    missing = [
        gap.msgid
        for gap in gaps
        if (gap.msgctxt, gap.msgid) not in ours
        or not ours[(gap.msgctxt, gap.msgid)].translated()
    ]
    assert not missing, (
        f"{len(missing)} untranslated; run manage.py vendor_translations, then "
        f"translate locale/vi/LC_MESSAGES/{domain}.po: {missing[:10]}"
    )


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_catalogue_holds_only_gaps_so_it_never_overrides_a_translation(domain):
    """Not a string Wagtail or the project translates already, none that
    Wagtail dropped (LOCALE_PATHS would win over both)."""
    ours = {(e.msgctxt, e.msgid) for e in catalogue(domain)}
    assert ours == {(gap.msgctxt, gap.msgid) for gap in vendor_gaps(domain)}


@pytest.mark.parametrize("domain", DOMAINS)
def test_placeholders_tags_and_line_breaks_are_kept(domain):
    wrong = []
    for entry in catalogue(domain):
        if entry.msgid_plural:
            target = entry.msgstr_plural[0]
            expected = [tokens(entry.msgid_plural), tokens(entry.msgid)]
        else:
            target, expected = entry.msgstr, [tokens(entry.msgid)]
        if tokens(target) not in expected:
            wrong.append(f"{entry.msgid!r} -> {target!r}")
    assert not wrong, "\n".join(wrong[:20])


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [("Reports", "Báo cáo"), ("Help", "Trợ giúp"), ("Save draft", "Lưu bản nháp")],
)
def test_django_reads_the_catalogue_before_wagtails(english, vietnamese):
    with translation.override("vi"):
        assert translation.gettext(english) == vietnamese


def test_django_says_how_long_ago_in_vietnamese():
    import datetime

    from django.utils.timesince import timesince

    with translation.override("vi"):
        five = timesince(
            datetime.datetime(2026, 1, 1, 8, 0), datetime.datetime(2026, 1, 1, 8, 5)
        )
    assert five == "5\xa0phút"


def in_json(text: str) -> str:
    """``text`` as Wagtail's sidebar and Django's JavaScript catalogue write it."""
    return json.dumps(text)[1:-1]


@pytest.mark.django_db
def test_a_plan_manager_sees_the_admin_shell_in_vietnamese(client, plan_manager):
    client.force_login(plan_manager)
    html = client.get(reverse("plan_admin:headcount")).content.decode()
    for vietnamese in ("Báo cáo", "Trợ giúp"):  # the sidebar's menu (JSON)
        assert in_json(vietnamese) in html, vietnamese
    assert "Lọc theo" in html  # the filter panel
    for english in ("Filter by", '"Reports"', '"Help"'):
        assert english not in html, english


@pytest.mark.django_db
def test_the_admin_javascript_catalogue_is_vietnamese_too(client, plan_manager):
    client.force_login(plan_manager)
    script = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    entries = [e for e in catalogue("djangojs") if not e.msgid_plural]
    assert entries
    for entry in entries:
        assert in_json(entry.msgstr) in script, entry.msgid
