"""English mode shows the English titles the editor wrote (issue 13, item 11)."""

import pytest
from django.conf import settings

from .factories import course_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalogue):
    return course_make(
        catalogue, title="Nhãn hiệu tập thể", title_en="Collective trade marks"
    )


def test_english_mode_shows_the_english_course_title(client, course):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    catalogue = client.get("/khoa-hoc/").content.decode()
    page = client.get(course.url).content.decode()
    assert "Collective trade marks" in catalogue
    assert "<h1>Collective trade marks</h1>" in page


def test_vietnamese_mode_keeps_the_vietnamese_title(client, course):
    catalogue = client.get("/khoa-hoc/").content.decode()
    page = client.get(course.url).content.decode()
    assert "Nhãn hiệu tập thể" in catalogue and "Collective" not in catalogue
    assert "<h1>Nhãn hiệu tập thể</h1>" in page
