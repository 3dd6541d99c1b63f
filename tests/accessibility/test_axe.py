"""axe-core in Debian's Chromium: no serious or critical violation on the pages
a learner and the public use, in Vietnamese and in English.

axe-core comes from the npm registry (package.json; ``npm ci``), and is
evaluated in the page (the public site's CSP forbids injected script tags,
evaluating the source through the DevTools protocol is not subject to it).
The test skips when node_modules/axe-core is missing.
"""

from __future__ import annotations

import json

import pytest

from tests.accessibility.browser import AXE_PATH
from tests.accessibility.pages import page_paths
from tests.playwright import chromium_page, sign_in, switch_language
from tests.security.world import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not AXE_PATH.exists(), reason="npm ci has not installed axe-core"
    ),
]
BLOCKING = {"serious", "critical"}


def run_axe(page) -> list[dict]:
    page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                resultTypes: ['violations'],
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',
                          'wcag21aa', 'best-practice']},
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return result


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_learner_and_public_pages_have_no_serious_axe_violation(
    live_server, artifacts_dir, language
):
    world = build_world()
    pages = page_paths(world)
    report, blocking = {}, []
    with chromium_page() as page:
        context = page.context
        current_role = "unset"
        for name, (path, role) in pages.items():
            if role != current_role:
                context.clear_cookies()
                if role:
                    sign_in(context, live_server.url, world.users[role])
                switch_language(context, live_server.url, language)
                current_role = role
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{name} {path}: {response.status}"
            violations = run_axe(page)
            report[name] = violations
            blocking += [
                f"{name} ({language}) {v['id']} [{v['impact']}]: "
                f"{v['help']} {v['nodes']}"
                for v in violations
                if v["impact"] in BLOCKING
            ]
            page.screenshot(
                path=str(artifacts_dir / f"a11y-{language}-{name}.png"), full_page=True
            )
    out = artifacts_dir / f"axe-{language}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    assert blocking == [], "\n".join(blocking)
