import pytest

from courses.tests.factories import catalogue_make, course_make


@pytest.fixture
def catalogue(home_page):
    return catalogue_make(home_page)


@pytest.fixture
def course(catalogue):
    return course_make(catalogue, modules=2, lessons=2)
