import pytest

from accounts.roles import Role
from tests.factories import UserFactory

from .factories import course_make


@pytest.fixture
def course(catalogue):
    return course_make(catalogue, modules=2, lessons=2, free_preview_first=True)


@pytest.fixture
def other_learner(db):
    return UserFactory(role=Role.LEARNER)


@pytest.fixture
def no_profile_user(db):
    return UserFactory(role=Role.LEARNER, profile=False)
