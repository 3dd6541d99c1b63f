import pytest
from django.core import mail

from accounts.roles import Role
from accounts.services import profile_update
from courses import services
from courses.models import Enrollment, EnrollmentStatus, LessonPage
from courses.services import EnrollmentError
from learning import services as learning
from tests.factories import UserFactory

from .factories import class_make, course_make

pytestmark = pytest.mark.django_db
S = EnrollmentStatus


def test_an_open_course_enrols_at_once_and_snapshots_the_profile(course, learner):
    enrollment = services.enrollment_create(user=learner, course=course)
    assert enrollment.status == S.ACTIVE
    assert enrollment.audience_group == learner.profile.audience_group
    assert enrollment.unit == learner.profile.unit
    assert enrollment.commune == learner.profile.commune


def test_the_snapshot_keeps_what_the_learner_was_at_enrolment(course, learner):
    enrollment = services.enrollment_create(user=learner, course=course)
    old_unit = learner.profile.unit
    from tests.factories import UnitFactory

    learner.profile.unit = UnitFactory()
    learner.profile.save()
    enrollment.refresh_from_db()
    assert enrollment.unit == old_unit


def test_enrolling_twice_returns_the_same_enrolment(course, learner):
    first = services.enrollment_create(user=learner, course=course)
    second = services.enrollment_create(user=learner, course=course)
    assert first.pk == second.pk
    assert Enrollment.objects.count() == 1


def test_profile_is_required_before_enrolment(course, no_profile_user):
    with pytest.raises(EnrollmentError) as error:
        services.enrollment_create(user=no_profile_user, course=course)
    assert error.value.code == "profile_incomplete"
    assert "hồ sơ" in str(error.value)
    assert not Enrollment.objects.exists()


def test_profile_required_message_is_in_vietnamese_by_default(course, no_profile_user):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(EnrollmentError) as error:
        services.enrollment_create(user=no_profile_user, course=course)
    assert "hồ sơ" in str(error.value)


def test_vietnamese_name_round_trips_exactly_through_profile_and_enrolment(
    course, no_profile_user, directory_seed
):
    from directory.models import AudienceGroup, Unit

    name = "Nguyễn Thị Ngọc Hân Đặng Ưởng"
    profile_update(
        user=no_profile_user,
        full_name=name,
        audience_group=AudienceGroup.objects.first(),
        organisation="Sở Khoa học và Công nghệ",
        unit=Unit.objects.first(),
        position="Chuyên viên",
    )
    enrollment = services.enrollment_create(user=no_profile_user, course=course)
    enrollment = Enrollment.objects.select_related("user__profile").get(
        pk=enrollment.pk
    )
    assert enrollment.user.profile.full_name == name


def test_an_approval_course_creates_a_pending_request_that_an_editor_approves(
    catalogue, learner, editor, django_capture_on_commit_callbacks
):
    course = course_make(catalogue, enrolment_mode="approval", title="Giống cây trồng")
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = services.enrollment_create(user=learner, course=course)
    assert enrollment.status == S.PENDING
    assert len(mail.outbox) == 1  # "we have received your request"
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.enrollment_approve(enrollment=enrollment, by=editor)
    assert approved.status == S.ACTIVE
    assert approved.decided_by == editor
    assert mail.outbox[-1].to == [learner.email]
    assert "Giống cây trồng" in mail.outbox[-1].subject


def test_a_rejected_request_frees_the_learner_to_ask_again(catalogue, learner, editor):
    course = course_make(catalogue, enrolment_mode="approval")
    enrollment = services.enrollment_create(user=learner, course=course)
    services.enrollment_reject(enrollment=enrollment, by=editor, reason="Hết chỗ")
    enrollment.refresh_from_db()
    assert enrollment.status == S.REJECTED
    assert enrollment.note == "Hết chỗ"
    again = services.enrollment_create(user=learner, course=course)
    assert again.pk != enrollment.pk and again.status == S.PENDING


def test_only_pending_requests_can_be_approved_or_rejected(course, learner, editor):
    enrollment = services.enrollment_create(user=learner, course=course)
    with pytest.raises(EnrollmentError):
        services.enrollment_approve(enrollment=enrollment, by=editor)
    with pytest.raises(EnrollmentError):
        services.enrollment_reject(enrollment=enrollment, by=editor)


def test_an_invitation_only_course_refuses_learners_but_accepts_editors(
    catalogue, learner, editor
):
    course = course_make(catalogue, enrolment_mode="invitation")
    with pytest.raises(EnrollmentError) as error:
        services.enrollment_create(user=learner, course=course)
    assert error.value.code == "invitation_only"
    enrollment = services.enrollment_create(
        user=learner, course=course, invited_by=editor
    )
    assert enrollment.status == S.ACTIVE


def test_missing_prerequisites_are_named_in_the_message(catalogue, learner):
    basic = course_make(catalogue, title="Cơ bản về SHTT")
    advanced = course_make(catalogue, title="Chuyên sâu", prerequisites=[basic])
    with pytest.raises(EnrollmentError) as error:
        services.enrollment_create(user=learner, course=advanced)
    assert error.value.code == "prerequisites"
    assert "Cơ bản về SHTT" in str(error.value)


def test_a_completed_prerequisite_opens_the_next_course(catalogue, learner):
    basic = course_make(catalogue, lessons=1)
    advanced = course_make(catalogue, prerequisites=[basic])
    services.enrollment_create(user=learner, course=basic)
    for lesson in basic.get_descendants().type(LessonPage).specific():
        learning.lesson_complete(user=learner, lesson=lesson)
    assert Enrollment.objects.get(course=basic).status == S.COMPLETED
    assert services.enrollment_create(user=learner, course=advanced).status == S.ACTIVE


def test_an_enrolment_in_progress_does_not_satisfy_a_prerequisite(catalogue, learner):
    basic = course_make(catalogue)
    advanced = course_make(catalogue, prerequisites=[basic])
    services.enrollment_create(user=learner, course=basic)
    with pytest.raises(EnrollmentError):
        services.enrollment_create(user=learner, course=advanced)


def test_a_full_course_puts_learners_on_the_waiting_list_in_order(catalogue):
    course = course_make(catalogue, capacity=1)
    first, second, third = (UserFactory(role=Role.LEARNER) for _ in range(3))
    assert services.enrollment_create(user=first, course=course).status == S.ACTIVE
    waiting_2 = services.enrollment_create(user=second, course=course)
    waiting_3 = services.enrollment_create(user=third, course=course)
    assert waiting_2.status == waiting_3.status == S.WAITLISTED


def test_a_freed_seat_goes_to_the_first_person_waiting(
    catalogue, django_capture_on_commit_callbacks
):
    course = course_make(catalogue, capacity=1)
    first, second, third = (UserFactory(role=Role.LEARNER) for _ in range(3))
    seat = services.enrollment_create(user=first, course=course)
    waiting_2 = services.enrollment_create(user=second, course=course)
    waiting_3 = services.enrollment_create(user=third, course=course)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_cancel(enrollment=seat, by=first)
    waiting_2.refresh_from_db()
    waiting_3.refresh_from_db()
    assert waiting_2.status == S.ACTIVE
    assert waiting_3.status == S.WAITLISTED
    assert [m.to for m in mail.outbox] == [[second.email]]


def test_withdrawing_from_the_waiting_list_promotes_nobody(catalogue):
    course = course_make(catalogue, capacity=1)
    first, second, third = (UserFactory(role=Role.LEARNER) for _ in range(3))
    services.enrollment_create(user=first, course=course)
    waiting_2 = services.enrollment_create(user=second, course=course)
    waiting_3 = services.enrollment_create(user=third, course=course)
    services.enrollment_cancel(enrollment=waiting_2, by=second)
    waiting_3.refresh_from_db()
    assert waiting_3.status == S.WAITLISTED


def test_raising_the_capacity_and_promoting_fills_the_new_seats(catalogue):
    course = course_make(catalogue, capacity=1)
    users = [UserFactory(role=Role.LEARNER) for _ in range(3)]
    for user in users:
        services.enrollment_create(user=user, course=course)
    course.capacity = 3
    course.save()
    promoted = services.waitlist_promote(course=course)
    assert len(promoted) == 2
    assert Enrollment.objects.filter(status=S.ACTIVE).count() == 3


def test_approving_a_request_when_the_course_is_full_waitlists_it(catalogue, editor):
    course = course_make(catalogue, enrolment_mode="approval", capacity=1)
    first, second = (UserFactory(role=Role.LEARNER) for _ in range(2))
    services.enrollment_approve(
        enrollment=services.enrollment_create(user=first, course=course), by=editor
    )
    pending = services.enrollment_create(user=second, course=course)
    assert services.enrollment_approve(enrollment=pending, by=editor).status == (
        S.WAITLISTED
    )


def test_a_class_has_its_own_capacity(course):
    training_class = class_make(course, capacity=1)
    first, second = (UserFactory(role=Role.LEARNER) for _ in range(2))
    assert (
        services.enrollment_create(
            user=first, course=course, training_class=training_class
        ).status
        == S.ACTIVE
    )
    assert (
        services.enrollment_create(
            user=second, course=course, training_class=training_class
        ).status
        == S.WAITLISTED
    )
    # Studying online is still possible: the course itself has no limit.
    third = UserFactory(role=Role.LEARNER)
    assert services.enrollment_create(user=third, course=course).status == S.ACTIVE


def test_a_class_of_another_course_is_refused(catalogue, course, learner):
    other = course_make(catalogue)
    training_class = class_make(other)
    with pytest.raises(EnrollmentError) as error:
        services.enrollment_create(
            user=learner, course=course, training_class=training_class
        )
    assert error.value.code == "wrong_class"


def test_a_cancelled_enrolment_cannot_be_cancelled_again(course, learner):
    enrollment = services.enrollment_create(user=learner, course=course)
    services.enrollment_cancel(enrollment=enrollment, by=learner)
    with pytest.raises(EnrollmentError):
        services.enrollment_cancel(enrollment=enrollment, by=learner)


def test_a_draft_course_cannot_be_enrolled_in(course, learner):
    course.live = False
    course.save()
    with pytest.raises(EnrollmentError) as error:
        services.enrollment_create(user=learner, course=course)
    assert error.value.code == "not_live"


def test_the_database_refuses_two_live_enrolments_of_one_person(course, learner):
    from django.db import IntegrityError, transaction

    Enrollment.objects.create(user=learner, course=course, status=S.ACTIVE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(user=learner, course=course, status=S.PENDING)
    # ... but history (cancelled, rejected) may repeat.
    Enrollment.objects.create(user=learner, course=course, status=S.CANCELLED)
    Enrollment.objects.create(user=learner, course=course, status=S.CANCELLED)
