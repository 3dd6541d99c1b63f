"""The department's identity: name, emblem, contact lines (a Wagtail site setting).

Editors change them under Settings → "Site identity"; the header, the footer, the
admin's title and the e-mails read them from here rather than from templates.
The values (and the logo's rendition URL) are cached per site under a
generation that saving the setting, a site or an image bumps, so a page reads
them without a query.
"""

from __future__ import annotations

import time

from django.db import models, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from .cache import CacheGeneration

IDENTITY = CacheGeneration("core:identity:generation")
IDENTITY_SECONDS = 3600
#: Each process also keeps what it read for this long: the header and footer of
#: every page need it, and a page must not cost a query more for it even on a
#: cold shared cache. A change shows at once in the process that saved it and
#: within this many seconds in the others.
MEMO_SECONDS = 60
_memo: dict[str, tuple[float, dict]] = {}

DEFAULT_NAME = "Đào tạo SHTT · Hậu Giang"
DEFAULT_NAME_EN = "IP training · Hậu Giang"
DEFAULT_DEPARTMENT = "Sở Khoa học và Công nghệ tỉnh Hậu Giang"
DEFAULT_DEPARTMENT_EN = "Department of Science and Technology of Hậu Giang province"


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    site_name = models.CharField(
        _("name of the site"), max_length=120, default=DEFAULT_NAME
    )
    site_name_en = models.CharField(
        _("site name (English)"), max_length=120, blank=True, default=DEFAULT_NAME_EN
    )
    short_name = models.CharField(
        _("short mark"),
        max_length=12,
        default="SHTT",
        help_text=_("Shown in the header when there is no logo."),
    )
    department = models.CharField(
        _("department"), max_length=255, default=DEFAULT_DEPARTMENT
    )
    department_en = models.CharField(
        _("department (English)"),
        max_length=255,
        blank=True,
        default=DEFAULT_DEPARTMENT_EN,
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("emblem or logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_lines = models.TextField(
        _("contact lines"),
        blank=True,
        help_text=_("Footer: one line per row (address, telephone, e-mail)."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("site_name"), FieldPanel("site_name_en")]),
                FieldRowPanel([FieldPanel("department"), FieldPanel("department_en")]),
                FieldRowPanel([FieldPanel("short_name"), FieldPanel("logo")]),
            ],
            heading=_("Name and emblem"),
        ),
        FieldPanel("contact_lines"),
    ]

    class Meta:
        verbose_name = _("site identity")
        verbose_name_plural = _("site identities")


def _build(site) -> dict:
    identity = SiteIdentity.for_site(site) if site is not None else SiteIdentity()
    logo_url = ""
    if identity.logo_id:
        try:
            logo_url = identity.logo.get_rendition("height-96").url
        except Exception:  # noqa: BLE001 - a missing file: fall back to the mark
            logo_url = ""
    return {
        "site_name": identity.site_name,
        "site_name_en": identity.site_name_en or identity.site_name,
        "short_name": identity.short_name,
        "department": identity.department,
        "department_en": identity.department_en or identity.department,
        "logo_url": logo_url,
        "contact_lines": [
            line.strip() for line in identity.contact_lines.splitlines() if line.strip()
        ],
    }


def _localised(values: dict) -> dict:
    values = dict(values)
    if (get_language() or "vi").startswith("en"):
        values["site_name"] = values["site_name_en"]
        values["department"] = values["department_en"]
    return values


def identity_for_site(site) -> dict:
    """The identity of ``site`` (None: the defaults), in the active language."""
    key = f"core:identity:site:{getattr(site, 'pk', 0)}"
    return _localised(IDENTITY.cached(key, lambda: _build(site), IDENTITY_SECONDS))


def identity_for_request(request) -> dict:
    """The identity of the site serving ``request``: cached by host name, so a
    page reads it without a query (the site is looked up on a miss only)."""
    try:
        host = request.get_host()
    except Exception:  # noqa: BLE001 - a bad Host header: the default site
        host = ""

    def build():
        site = None
        if host:
            site = Site.find_for_request(request)
        if site is None:
            site = Site.objects.filter(is_default_site=True).first()
        return _build(site)

    now = time.monotonic()
    remembered = _memo.get(host)
    if remembered is not None and remembered[0] > now:
        return _localised(remembered[1])
    values = IDENTITY.cached(f"core:identity:host:{host}", build, IDENTITY_SECONDS)
    _memo[host] = (now + MEMO_SECONDS, values)
    return _localised(values)


def identity_forget() -> None:
    """Drop what this process remembers (tests, after their data is gone)."""
    _memo.clear()


def identity_changed(sender, **kwargs) -> None:
    # Now and at commit, as IDENTITY.bump does: a read in between saw old data.
    _memo.clear()
    IDENTITY.bump()
    transaction.on_commit(_memo.clear)
