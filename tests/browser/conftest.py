"""The browser tests of tests/browser use the root conftest's ``page``
(``tests.playwright``: Debian's Chromium through Playwright)."""
