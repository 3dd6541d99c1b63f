import pytest

from courses.tests.factories import course_make


@pytest.fixture
def course(catalogue):
    return course_make(catalogue, modules=2, lessons=2)
