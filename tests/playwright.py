"""Debian's Chromium through Playwright: what every browser test shares.

``chromium_page`` opens a fresh browser and page (Vietnamese locale, downloads
accepted, 15 s timeouts) and closes it afterwards; the root conftest's ``page``
fixture is one at 1280×900. The journeys then only click what is visible.
"""

from __future__ import annotations

import contextlib
import os

from django.conf import settings
from django.test import Client

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def chromium_page(*, width: int = 1280, height: int = 900, **context_options):
    """A page of a new Chromium, ``width``×``height``; closed on exit."""
    # Playwright's sync API runs an event loop in this thread; Django's ORM,
    # which the tests use between clicks, refuses to run beside one otherwise.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    context_options.setdefault("locale", "vi-VN")
    context_options.setdefault("accept_downloads", True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height}, **context_options
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


def console_errors(page) -> list[str]:
    """The console errors ``page`` logs from now on (CSP refusals among them)."""
    errors: list[str] = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    return errors


def page_errors(page) -> list[str]:
    """The uncaught script errors of ``page`` from now on."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def sign_in(context, base_url: str, user) -> None:
    """Give the browser a session for ``user`` (no login form round trip)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def switch_language(context, base_url: str, language: str) -> None:
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    )
