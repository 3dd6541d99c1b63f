"""Who may read what: lessons, API, search, rosters, reports and imports."""

import pytest

from accounts.roles import Role
from courses import services
from learning import services as learning
from tests.factories import UnitFactory, UserFactory

from .factories import class_held, class_make, lessons_of

pytestmark = pytest.mark.django_db
SECRET = "Nội dung bài học bí mật"


@pytest.fixture
def private_lesson(course):
    return lessons_of(course)[1]


@pytest.fixture
def preview_lesson(course):
    lesson = lessons_of(course)[0]
    assert lesson.free_preview
    return lesson


def test_the_course_page_is_public(client, course):
    response = client.get(course.url)
    assert response.status_code == 200
    assert course.title in response.content.decode()


def test_a_view_restriction_added_in_the_admin_applies_at_once(
    client, course, preview_lesson
):
    """Wagtail's restriction check is skipped while the site has none (cached):
    the first restriction added must still close the pages below it."""
    from wagtail.models import PageViewRestriction

    assert client.get(course.url).status_code == 200
    assert client.get(preview_lesson.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    for url in (course.url, preview_lesson.url):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    restriction.delete()
    assert client.get(preview_lesson.url).status_code == 200


def test_a_free_preview_lesson_is_public(client, preview_lesson):
    response = client.get(preview_lesson.url)
    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in_for_other_lessons(
    client, private_lesson
):
    response = client.get(private_lesson.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_learner_not_enrolled_gets_403_without_the_body(
    client, learner, private_lesson
):
    client.force_login(learner)
    response = client.get(private_lesson.url)
    assert response.status_code == 403
    assert SECRET not in response.content.decode()


def test_an_enrolled_learner_reads_the_lesson(client, learner, course, private_lesson):
    services.enrollment_create(user=learner, course=course)
    client.force_login(learner)
    response = client.get(private_lesson.url)
    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_a_pending_or_waitlisted_learner_cannot_read_yet(client, catalogue, learner):
    from .factories import course_make

    course = course_make(catalogue, enrolment_mode="approval")
    services.enrollment_create(user=learner, course=course)
    client.force_login(learner)
    assert client.get(lessons_of(course)[0].url).status_code == 403


def test_another_learners_enrolment_does_not_open_it(
    client, learner, other_learner, course, private_lesson
):
    services.enrollment_create(user=other_learner, course=course)
    client.force_login(learner)
    assert client.get(private_lesson.url).status_code == 403


def test_editors_read_every_lesson(client, editor, private_lesson):
    client.force_login(editor)
    assert client.get(private_lesson.url).status_code == 200


def test_focal_points_and_plan_managers_do_not_read_lessons_without_enrolling(
    client, focal_point, plan_manager, private_lesson
):
    for user in (focal_point, plan_manager):
        client.force_login(user)
        assert client.get(private_lesson.url).status_code == 403


def test_the_api_never_shows_a_private_lesson_body(
    client, editor, preview_lesson, private_lesson
):
    client.force_login(editor)  # not even to an editor: the API is public
    listing = client.get("/api/v2/pages/?type=courses.LessonPage&fields=body").json()
    bodies = {item["id"]: item["body"] for item in listing["items"]}
    assert bodies[private_lesson.pk] is None
    assert bodies[preview_lesson.pk]
    detail = client.get(f"/api/v2/pages/{private_lesson.pk}/").json()
    assert detail["body"] is None
    assert (
        SECRET
        not in client.get(
            f"/api/v2/pages/{private_lesson.pk}/?fields=*"
        ).content.decode()
    )


def test_the_api_is_read_only(client, editor):
    client.force_login(editor)
    assert client.post("/api/v2/pages/", {}).status_code in (403, 405)


def test_the_api_lists_the_catalogue_with_its_fields(client, course):
    data = client.get(
        "/api/v2/pages/?type=courses.CoursePage&fields=level,summary,ip_area_codes"
    ).json()
    assert data["items"][0]["level"] == course.level


def test_searching_for_words_of_a_private_body_finds_nothing(client, private_lesson):
    data = client.get("/api/v2/pages/?search=bí mật&type=courses.LessonPage").json()
    assert data["meta"]["total_count"] == 0


def test_module_pages_lead_back_to_the_course(client, course):
    module = course.get_children().first()
    response = client.get(module.url)
    assert response.status_code == 302
    assert response["Location"].endswith(course.url)


# --- roster and attendance ------------------------------------------------------


def test_the_roster_is_for_editors_only(client, course, learner, focal_point, editor):
    training_class = class_make(course)
    url = f"/classes/{training_class.pk}/attendance/"
    assert client.get(url).status_code == 302
    for user in (learner, focal_point):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_editors_record_a_whole_class_in_one_post(client, course, editor):
    training_class = class_make(course, sessions=3)
    people = [UserFactory(role=Role.LEARNER) for _ in range(3)]
    for person in people:
        services.enrollment_create(
            user=person, course=course, training_class=training_class
        )
    class_held(training_class)
    sessions = list(training_class.sessions.all())
    client.force_login(editor)
    page = client.get(f"/classes/{training_class.pk}/attendance/")
    assert page.content.decode().count('type="checkbox"') == 9
    marks = [f"{sessions[0].pk}:{people[0].pk}", f"{sessions[1].pk}:{people[0].pk}"]
    response = client.post(
        f"/classes/{training_class.pk}/attendance/", {"present": marks}
    )
    assert response.status_code == 302
    from courses.models import Attendance

    assert Attendance.objects.filter(present=True).count() == 2
    assert Attendance.objects.count() == 9
    # Unticking is recorded too.
    client.post(f"/classes/{training_class.pk}/attendance/", {"present": marks[:1]})
    assert Attendance.objects.filter(present=True).count() == 1


# --- admin: progress report, requests, import ---


def test_the_progress_report_is_for_editors_and_focal_points(
    client, course, learner, plan_manager, editor
):
    services.enrollment_create(user=learner, course=course)
    url = "/admin/courses/progress/"
    client.force_login(learner)
    assert client.get(url).status_code in (302, 403)
    client.force_login(plan_manager)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert learner.profile.full_name in response.content.decode()


def test_a_focal_point_sees_only_the_people_of_their_unit(client, course):
    unit = UnitFactory()
    focal = UserFactory(role=Role.UNIT_FOCAL_POINT, profile={"unit": unit})
    ours = UserFactory(
        role=Role.LEARNER, profile={"unit": unit, "full_name": "Người Đơn Vị"}
    )
    theirs = UserFactory(role=Role.LEARNER, profile={"full_name": "Người Khác Đơn Vị"})
    for person in (ours, theirs):
        services.enrollment_create(user=person, course=course)
    client.force_login(focal)
    html = client.get("/admin/courses/progress/").content.decode()
    assert "Người Đơn Vị" in html and "Người Khác Đơn Vị" not in html
    export = client.get("/admin/courses/progress/?export=csv")
    text = b"".join(export.streaming_content).decode("utf-8")
    assert "Người Đơn Vị" in text and "Người Khác Đơn Vị" not in text


def test_the_progress_export_has_progress_figures_in_csv_and_xlsx(
    client, course, editor
):
    learner = UserFactory(role=Role.LEARNER, profile={"full_name": "Trần Văn Ổn"})
    services.enrollment_create(user=learner, course=course)
    learning.lesson_complete(user=learner, lesson=lessons_of(course)[0])
    client.force_login(editor)
    csv_response = client.get(f"/admin/courses/progress/?course={course.pk}&export=csv")
    text = b"".join(csv_response.streaming_content).decode("utf-8")
    row = next(line for line in text.splitlines() if "Trần Văn Ổn" in line)
    assert ",1,4,25," in row
    xlsx = client.get("/admin/courses/progress/?export=xlsx")
    assert xlsx.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    content = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    sheet = load_workbook(BytesIO(content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Trần Văn Ổn" in values and 25 in values


def test_requests_page_is_for_editors_and_approves_through_the_service(
    client, catalogue, learner, focal_point, editor
):
    from .factories import course_make

    course = course_make(catalogue, enrolment_mode="approval")
    enrollment = services.enrollment_create(user=learner, course=course)
    client.force_login(focal_point)
    assert client.get("/admin/courses/requests/").status_code == 403
    client.force_login(editor)
    assert learner.email in client.get("/admin/courses/requests/").content.decode()
    client.post(
        "/admin/courses/requests/", {"enrollment": enrollment.pk, "action": "approve"}
    )
    enrollment.refresh_from_db()
    assert enrollment.status == "active"


def test_import_pages_refuse_learners_and_plan_managers(client, learner, plan_manager):
    for user in (learner, plan_manager):
        client.force_login(user)
        assert client.get("/admin/courses/import/").status_code in (302, 403)
