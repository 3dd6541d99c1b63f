"""The attendance rule of "trained" (courses without certificate) at its edges.

The rule is present sessions × 100 ≥ the class's minimum × its sessions, in a
class that has sessions; the headcount computes it in one SQL subquery.
"""

import datetime

import pytest

from accounts.selectors import ALL_UNITS
from plan.selectors import HeadcountFilter, headcount_total
from plan.tests.factories import attend, course, enrol, training_class
from tests.factories import (
    AudienceGroupFactory,
    CommuneFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return {
        "unit": UnitFactory(code="u-att"),
        "group": AudienceGroupFactory(code="g-att"),
        "commune": CommuneFactory(code="c-att"),
    }


def trained(klass, present, place, *, status="active", record=True):
    user = UserFactory(profile={"unit": place["unit"]})
    enrol(user, klass.course, year=2022, status=status, klass=klass, **place)
    if record:
        attend(user, klass, present)
    total = headcount_total(scope=ALL_UNITS)
    return total["persons"]


@pytest.fixture
def no_certificate_course(home_page):
    return course(home_page, "att", certificate=False)


def test_exactly_the_minimum_counts_and_one_session_less_does_not(
    no_certificate_course, place
):
    klass = training_class(no_certificate_course, "k-75", sessions=4, minimum=75)
    assert trained(klass, 2, place) == 0
    assert trained(klass, 3, place) == 1


def test_absent_records_do_not_count_as_present(no_certificate_course, place):
    klass = training_class(no_certificate_course, "k-100", sessions=4, minimum=100)
    assert trained(klass, 3, place) == 0
    assert trained(klass, 4, place) == 1


def test_a_class_without_sessions_never_counts(no_certificate_course, place):
    klass = training_class(no_certificate_course, "k-empty", sessions=0, minimum=0)
    assert trained(klass, 0, place, record=False) == 0


def test_a_minimum_of_zero_counts_everyone_accepted_even_without_attendance(
    no_certificate_course, place
):
    klass = training_class(no_certificate_course, "k-0", sessions=3, minimum=0)
    assert trained(klass, 0, place, record=False) == 1
    assert trained(klass, 0, place, status="pending", record=False) == 1


def test_the_year_is_the_year_the_class_ends(no_certificate_course, place):
    klass = training_class(
        no_certificate_course, "k-2023", end=datetime.date(2023, 1, 5), minimum=50
    )
    trained(klass, 2, place)
    total = headcount_total(
        scope=ALL_UNITS,
        flt=HeadcountFilter(year=2023),
    )
    assert total["persons"] == 1
