"""The admin's list search answers on SQLite as on PostgreSQL (issue 13, item 7):
the indexed snippets (units, communes, audience groups, questions, training
classes) gave 500 "no such column" on SQLite."""

import pytest

from quizzes.tests.factories import QuestionFactory
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/snippets/directory/unit/",
    "/admin/snippets/directory/commune/",
    "/admin/snippets/directory/audiencegroup/",
    "/admin/snippets/quizzes/question/",
    "/admin/snippets/courses/trainingclass/",
]


@pytest.mark.parametrize("url", LISTS)
def test_the_admin_list_search_answers_with_results(admin_client, url):
    UnitFactory(name="Phòng Kinh tế xã Vị Thanh")
    QuestionFactory(title="Câu hỏi về nhãn hiệu")
    for q in ["xã", "nhãn hiệu", "Vị Thanh", "a-b"]:
        assert admin_client.get(url, {"q": q}).status_code == 200, q


def test_the_unit_search_finds_the_unit(admin_client):
    UnitFactory(name="Phòng Kinh tế xã Vị Thanh")
    UnitFactory(name="Sở Tư pháp")
    html = admin_client.get(LISTS[0], {"q": "Thanh"}).content.decode()
    assert "Vị Thanh" in html and "Sở Tư pháp" not in html


def test_the_question_search_finds_the_question(admin_client):
    QuestionFactory(title="Câu hỏi về nhãn hiệu")
    QuestionFactory(title="Câu hỏi về sáng chế")
    html = admin_client.get(LISTS[3], {"q": "nhãn"}).content.decode()
    assert "nhãn hiệu" in html and "sáng chế" not in html
