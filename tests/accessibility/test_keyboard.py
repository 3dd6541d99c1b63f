"""A learner takes a quiz with the keyboard only, and always sees where focus is.

Tab walks from the top of the page into each question's radio group, Space
and the arrow keys choose, Tab reaches "Submit", Enter submits; the review
page follows and the three answers are stored. Every focused control shows a
visible focus indicator (an outline or a box shadow).
"""

import pytest

from tests.playwright import chromium_page, sign_in
from tests.security.world import build_world

pytestmark = pytest.mark.browser

FOCUS_STYLE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
        tag: el.tagName, type: el.type || '', name: el.name || '',
        text: (el.innerText || el.value || '').trim().slice(0, 40),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== 'none',
    };
}"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_quiz_can_be_taken_and_submitted_with_the_keyboard_alone(
    live_server, artifacts_dir
):
    world = build_world()
    attempt = world.attempt
    questions = attempt.slots.count()
    with chromium_page() as page:
        sign_in(page.context, live_server.url, world.users["learner"])
        page.goto(live_server.url + world.quiz_url)
        page.locator("body").focus()
        answered, unfocused = set(), []
        for _press in range(80):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS_STYLE)
            if not (focus["outline"] or focus["shadow"]):
                unfocused.append(focus)
            if focus["type"] == "radio" and focus["name"] not in answered:
                # Space picks the focused option; ArrowDown moves to the next.
                page.keyboard.press("Space" if len(answered) % 2 == 0 else "ArrowDown")
                answered.add(focus["name"])
            if (
                focus["tag"] == "BUTTON"
                and len(answered) == questions
                and ("Nộp" in focus["text"] or "Submit" in focus["text"])
            ):
                page.screenshot(path=str(artifacts_dir / "keyboard-quiz-submit.png"))
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                break
        else:
            pytest.fail(f"never reached the submit button; answered {answered}")
        page.screenshot(path=str(artifacts_dir / "keyboard-quiz-review.png"))
        assert "/xem-lai/" in page.url
    attempt.refresh_from_db()
    assert attempt.state == "submitted"
    from quizzes.models import AttemptAnswer

    stored = AttemptAnswer.objects.filter(slot__attempt=attempt).exclude(response={})
    assert stored.count() == questions
    assert unfocused == [], f"focus not visible on: {unfocused}"
