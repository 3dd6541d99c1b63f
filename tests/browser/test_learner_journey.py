"""A new learner finishes a course by clicking alone, on a desktop and on a phone.

One ``page.goto("/")``, then only clicks on visible links and buttons; the one
other navigation is the confirmation link of the e-mail, which the person would
click in their mail program. On the phone (390×844, touch) every step's primary
action must be inside the first screen and on top (``elementFromPoint``).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

import pytest
from django.core import mail

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Mật-khẩu-dài-để-thử-2026"
PHONE = {"width": 390, "height": 844}


@dataclass
class World:
    entry_title: str
    group_label: str
    lessons: int


def _world(home_page, *, group_code: str, entry_title: str) -> World:
    """A catalogue where ``group_code`` has an entry course (two modules, a
    lesson quiz, a final exam of three questions, pass mark 70%, 3 attempts)
    and a course that requires it."""
    from courses.tests.factories import catalogue_make, course_make, lessons_of
    from directory.models import AudienceGroup
    from quizzes.tests.factories import (
        QuestionFactory,
        quiz_with_questions,
    )

    group = AudienceGroup.objects.get(code=group_code)
    catalogue = catalogue_make(home_page)
    entry = course_make(
        catalogue,
        title=entry_title,
        level="basic",
        audience_groups=[group],
        modules=2,
        lessons=2,
        awards_certificate=True,
        estimated_hours=4,
    )
    course_make(
        catalogue,
        title="Khóa nâng cao sau khóa nhập môn",
        level="intermediate",
        audience_groups=[group],
        prerequisites=[entry],
    )
    lesson_quiz = quiz_with_questions(
        [QuestionFactory(), QuestionFactory()],
        title="Kiểm tra nhanh bài 1.2",
        pass_mark=50,
    )
    lesson = lessons_of(entry)[1]
    lesson.body = [
        ("rich_text", "<p>Bài học có bài kiểm tra nhanh.</p>"),
        ("quiz", lesson_quiz),
    ]
    lesson.save_revision().publish()
    quiz_with_questions(
        [QuestionFactory() for _ in range(3)],
        title="Bài kiểm tra cuối khóa",
        slug="cuoi-khoa-nhap-mon",
        final_exam_page=entry,
        pass_mark=70,
        max_attempts=3,
        time_limit_minutes=20,
    )
    return World(entry_title, group.display_name, len(lessons_of(entry)))


class Journey:
    """Clicks with a screenshot per step and, on a phone, the first-screen check."""

    def __init__(self, page, artifacts, prefix: str, phone: bool):
        self.page, self.artifacts, self.prefix, self.phone = (
            page,
            artifacts,
            prefix,
            phone,
        )
        self.step = 0

    def shot(self, name: str) -> None:
        self.step += 1
        path = self.artifacts / f"{self.prefix}-{self.step:02d}-{name}.png"
        self.page.screenshot(path=str(path))

    def first_screen(self, locator, name: str) -> None:
        """On the phone, ``locator`` is inside the first screen (no scrolling) and
        nothing covers its centre."""
        locator.wait_for(state="visible")
        if not self.phone:
            return
        # As the page opens: at its top, or where a link's #anchor brought it.
        if "#" not in self.page.url:
            assert self.page.evaluate("window.scrollY") == 0, name
        self.on_top(locator, name, within_first_screen=True)

    def on_top(self, locator, name: str, within_first_screen=False) -> None:
        box = locator.bounding_box()
        assert box is not None, name
        if within_first_screen:
            assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (
                f"{name}: the action is at y={box['y']:.0f}, below the first screen"
            )
        hit = locator.evaluate(
            """(el) => {
                const r = el.getBoundingClientRect();
                const top = document.elementFromPoint(r.left + r.width / 2,
                                                      r.top + r.height / 2);
                return top === el || el.contains(top)
                    ? "" : (top ? top.outerHTML.slice(0, 120) : "nothing");
            }"""
        )
        assert hit == "", f"{name}: covered by {hit}"

    def act(self, locator, name: str, *, form: bool = False) -> None:
        """The step's primary action: checked, photographed, clicked. A form's
        button comes after its fields: the person scrolls to it, and then
        nothing may cover it."""
        if form:
            locator.scroll_into_view_if_needed()
            if self.phone:
                self.on_top(locator, name)
        else:
            self.first_screen(locator, name)
        self.shot(name)
        locator.click()
        self.page.wait_for_load_state()


def _answer(page, *, right: bool) -> None:
    text = "RIGHTKEY" if right else "Sai thứ nhất"
    options = page.locator(".quiz-options label", has_text=text)
    for index in range(options.count()):
        options.nth(index).click()


def _journey(page, live_server, artifacts, *, world: World, prefix, phone, group):
    from directory.models import Unit

    j = Journey(page, artifacts, prefix, phone)
    email = f"{prefix}@example.vn"

    page.goto(live_server.url + "/")
    j.act(page.get_by_role("link", name="Đăng ký", exact=True).first, "home")

    page.get_by_label("Email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    j.act(
        page.get_by_role("main").get_by_role("button", name="Đăng ký"),
        "signup",
        form=True,
    )
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    j.shot("check-your-mail")

    # The person clicks the link in their e-mail: the one navigation by address.
    body = mail.outbox[-1].body
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", body).group(0)
    page.goto(live_server.url + re.sub(r"^https?://[^/]+", "", link))
    j.act(page.get_by_role("button", name="Xác nhận"), "confirm")
    page.wait_for_url(re.compile(r"/accounts/profile/"))

    page.locator("#id_full_name").fill("Trần Thị Học Viên")
    page.locator("#id_audience_group").select_option(label=world.group_label)
    page.locator("#id_organisation").fill("Đơn vị thử nghiệm")
    unit = Unit.objects.filter(is_active=True).order_by("pk").first()
    page.locator("#id_unit").select_option(str(unit.pk))
    page.locator("#id_position").fill("Chuyên viên")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_load_state()
    j.shot("profile-saved")

    # The catalogue, filtered by the learner's group: the entry course first.
    page.get_by_role("link", name="Danh mục khóa học").first.click()
    page.wait_for_load_state()
    filters = page.locator("#catalogue-filters")
    if phone:
        # Folded on a phone: the courses come first.
        assert filters.get_attribute("open") is None
        page.get_by_text("Tìm khóa học").first.click()
    page.get_by_label("Nhóm đối tượng").select_option(label=world.group_label)
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"audience_group="))
    cards = page.locator(".course-card")
    assert world.entry_title in cards.first.inner_text()
    assert "Có thể đăng ký học ngay" in cards.first.inner_text()
    assert "Chưa đăng ký được" in cards.nth(1).inner_text()
    assert "Lộ trình đề xuất" in page.content()
    j.act(page.get_by_role("link", name=world.entry_title).first, "catalogue-path")

    j.act(page.get_by_role("button", name="Đăng ký học"), "course-enrol")
    # After enrolling, the first lesson is one tap away, next to the message.
    j.act(page.get_by_role("link", name="Bắt đầu bài học đầu tiên"), "course-start")

    for number in range(world.lessons):
        last = number == world.lessons - 1
        label = (
            "Đánh dấu đã học, sang bài kiểm tra cuối khóa"
            if last
            else "Đánh dấu đã học và học tiếp"
        )
        outline = page.locator("#lesson-outline")
        assert outline.count() == 1
        j.act(page.get_by_role("button", name=label), f"lesson-{number + 1}")

    # After the last lesson: the final exam.
    assert "Bài kiểm tra cuối khóa" in page.locator("h1").inner_text()
    j.act(page.get_by_role("button", name="Bắt đầu làm bài"), "exam-start")
    first_option = page.locator(".quiz-options label").first
    j.first_screen(first_option, "exam-first-question")
    _answer(page, right=False)
    submit = page.get_by_role("button", name="Nộp bài")
    submit.scroll_into_view_if_needed()
    j.on_top(submit, "exam-submit")
    j.shot("exam-wrong-answers")
    submit.click()
    page.wait_for_url(re.compile(r"/xem-lai/"))
    verdict = page.locator(".quiz-verdict").inner_text()
    assert "Chưa đạt" in verdict and "70%" in verdict and "Còn 2 lượt" in verdict
    j.act(page.get_by_role("link", name="Làm lại", exact=True), "exam-failed")
    j.act(page.get_by_role("button", name="Làm lại bài"), "exam-retry")
    _answer(page, right=True)
    submit = page.get_by_role("button", name="Nộp bài")
    submit.scroll_into_view_if_needed()
    j.on_top(submit, "exam-submit-again")
    submit.click()
    page.wait_for_url(re.compile(r"/xem-lai/"))
    verdict = page.locator(".quiz-verdict").inner_text()
    assert "Bạn đã đạt bài kiểm tra cuối khóa" in verdict and "70%" in verdict
    assert "Bạn đã hoàn thành khóa học" in page.content()

    # The certificate: its PDF and its public verification page.
    j.act(page.get_by_role("link", name="Xem giấy chứng nhận"), "exam-passed")
    pdf_link = page.get_by_role("link", name=re.compile("Tải PDF")).first
    j.first_screen(pdf_link, "certificate-pdf")
    j.shot("my-certificates")
    with page.expect_download() as download:
        pdf_link.click()
    pdf = artifacts / f"{prefix}-certificate.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Trần Thị Học Viên".upper() in text.upper()
    j.act(
        page.get_by_role("link", name="Trang tra cứu công khai").first,
        "certificate-verify-link",
    )
    assert "Trần Thị Học Viên" in page.content()
    j.shot("verification-page")

    # Afterwards, "My courses" and the home page show the certificate as the
    # single next step.
    page.get_by_role("link", name="Khóa học của tôi").first.click()
    page.wait_for_load_state()
    assert world.entry_title in page.locator("#completed-heading + ul").inner_text()
    assert "Bạn chưa học khóa học nào" not in page.content()
    j.first_screen(page.get_by_role("link", name="Xem giấy chứng nhận"), "my-courses")
    j.shot("my-courses")
    page.locator("a.brand").click()
    page.wait_for_load_state()
    j.first_screen(page.get_by_role("link", name="Xem giấy chứng nhận"), "home-after")
    j.shot("home-after")


def test_a_new_official_finishes_their_entry_course_by_clicking_alone(
    page, live_server, home_page, directory_seed, artifacts_dir
):
    world = _world(
        home_page,
        group_code="can-bo-quan-ly-nha-nuoc",
        entry_title="Sở hữu trí tuệ cơ bản cho cán bộ",
    )
    _journey(
        page,
        live_server,
        artifacts_dir,
        world=world,
        prefix="journey-official",
        phone=False,
        group="can-bo-quan-ly-nha-nuoc",
    )


@pytest.fixture
def phone_page(page):
    """The ``page`` fixture's browser, as a 390×844 touch phone."""
    browser = page.context.browser
    context = browser.new_context(
        locale="vi-VN",
        viewport=PHONE,
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
    )
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    yield phone
    context.close()


def test_a_startup_member_finishes_their_entry_course_on_a_phone(
    phone_page, live_server, home_page, directory_seed, artifacts_dir
):
    world = _world(
        home_page,
        group_code="khoi-nghiep-doi-moi-sang-tao",
        entry_title="Sở hữu trí tuệ cho khởi nghiệp",
    )
    _journey(
        phone_page,
        live_server,
        artifacts_dir,
        world=world,
        prefix="journey-startup-phone",
        phone=True,
        group="khoi-nghiep-doi-moi-sang-tao",
    )
