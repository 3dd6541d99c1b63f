import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import IPArea
from tests.factories import AudienceGroupFactory

from .factories import course_make

pytestmark = pytest.mark.django_db


def titles(response):
    return [course.title for course in response.context["courses"]]


@pytest.fixture
def three_courses(catalogue):
    officials = AudienceGroupFactory(code="can-bo", name="Cán bộ quản lý")
    ocop = AudienceGroupFactory(code="ocop", name="Chủ thể OCOP")
    copyright_area = IPArea.objects.get(code="quyen-tac-gia")
    plants = IPArea.objects.get(code="giong-cay-trong")
    basic = course_make(
        catalogue,
        title="Sở hữu trí tuệ cơ bản",
        summary="Nhập môn về nhãn hiệu và quyền tác giả cho cán bộ.",
        level="basic",
        ip_areas=[copyright_area],
        audience_groups=[officials],
    )
    plant = course_make(
        catalogue,
        title="Bảo hộ giống cây trồng",
        summary="Quyền của tác giả và chủ bằng bảo hộ giống lúa, giống cây ăn quả.",
        level="intermediate",
        ip_areas=[plants],
        audience_groups=[ocop, officials],
    )
    advanced = course_make(
        catalogue,
        title="Định giá tài sản trí tuệ",
        summary="Phương pháp định giá và chuyển giao công nghệ.",
        level="advanced",
        audience_groups=[ocop],
    )
    return basic, plant, advanced


def test_the_catalogue_lists_live_courses_in_catalogue_order(client, three_courses):
    three_courses[2].live = False
    three_courses[2].save()
    response = client.get("/khoa-hoc/")
    assert response.status_code == 200
    assert titles(response) == ["Sở hữu trí tuệ cơ bản", "Bảo hộ giống cây trồng"]


def test_the_catalogue_filters_by_level(client, three_courses):
    assert titles(client.get("/khoa-hoc/?level=advanced")) == [
        "Định giá tài sản trí tuệ"
    ]


def test_the_catalogue_filters_by_ip_area_code(client, three_courses):
    assert titles(client.get("/khoa-hoc/?ip_area=giong-cay-trong")) == [
        "Bảo hộ giống cây trồng"
    ]


def test_the_catalogue_filters_by_audience_group_and_combines_filters(
    client, three_courses
):
    assert titles(client.get("/khoa-hoc/?audience_group=ocop")) == [
        "Bảo hộ giống cây trồng",
        "Định giá tài sản trí tuệ",
    ]
    assert titles(client.get("/khoa-hoc/?audience_group=ocop&level=advanced")) == [
        "Định giá tài sản trí tuệ"
    ]


def test_full_text_search_finds_words_of_the_summary(client, three_courses):
    assert titles(client.get("/khoa-hoc/?q=định giá")) == ["Định giá tài sản trí tuệ"]
    assert titles(client.get("/khoa-hoc/?q=giống lúa")) == ["Bảo hộ giống cây trồng"]


def test_search_combines_with_filters(client, three_courses):
    assert titles(client.get("/khoa-hoc/?q=tác giả&level=basic")) == [
        "Sở hữu trí tuệ cơ bản"
    ]


def test_ordering_by_title_and_level(client, three_courses):
    assert titles(client.get("/khoa-hoc/?ordering=title")) == sorted(
        titles(client.get("/khoa-hoc/"))
    )
    by_level = client.get("/khoa-hoc/?ordering=level")
    assert [c.level for c in by_level.context["courses"]] == [
        "basic",
        "intermediate",
        "advanced",
    ]


def test_an_unknown_filter_value_is_ignored_not_an_error(client, three_courses):
    response = client.get("/khoa-hoc/?level=expert&ip_area=nope&page=abc")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_no_result_says_so(client, three_courses):
    response = client.get("/khoa-hoc/?q=zzzzkhongco")
    assert response.status_code == 200
    assert response.context["result_count"] == 0


def test_the_catalogue_paginates_twelve_courses_a_page(client, catalogue):
    for _ in range(14):
        course_make(catalogue, modules=0)
    first = client.get("/khoa-hoc/")
    second = client.get("/khoa-hoc/?page=2")
    assert len(first.context["courses"]) == 12
    assert len(second.context["courses"]) == 2
    assert 'rel="next"' in first.content.decode()


def test_header_and_home_page_link_to_the_catalogue(client, catalogue):
    html = client.get("/").content.decode()
    assert 'href="/khoa-hoc/"' in html
    assert "/khoa-hoc/" in client.get("/accounts/login/").content.decode()


def _catalogue_queries(client, count, catalogue, groups, areas) -> int:
    for _ in range(count):
        course_make(catalogue, modules=0, ip_areas=areas, audience_groups=groups)
    client.get("/khoa-hoc/")  # warm caches (site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/khoa-hoc/?ordering=title")
    assert response.status_code == 200
    return len(queries)


def test_catalogue_query_count_is_the_same_for_10_and_200_courses(
    client, catalogue, home_page
):
    groups = [AudienceGroupFactory(), AudienceGroupFactory()]
    areas = list(IPArea.objects.all()[:3])
    small = _catalogue_queries(client, 10, catalogue, groups, areas)
    large = _catalogue_queries(client, 190, catalogue, groups, areas)
    assert small == large
    assert small <= 15


def test_the_header_links_the_catalogue_and_follows_it_when_it_moves_or_goes(
    client, catalogue, home_page
):
    """The link is cached; publishing, moving and unpublishing make it forget."""

    def header_link():
        html = client.get(home_page.url).content.decode()
        return html.split("<nav", 1)[1].split("</nav>", 1)[0]

    assert f'href="{catalogue.url}"' in header_link()
    catalogue.slug = "danh-muc-khoa-hoc"
    catalogue.save_revision().publish()
    assert 'href="/danh-muc-khoa-hoc/"' in header_link()
    catalogue.unpublish()
    assert "danh-muc-khoa-hoc" not in header_link()


def test_the_cached_catalogue_shows_a_change_at_once(client, catalogue):
    """The unfiltered catalogue is served from the cache; publishing a course,
    unpublishing one and renaming an IP area each show on the next request."""
    area = IPArea.objects.get(code="quyen-tac-gia")
    first = course_make(catalogue, title="Quyền tác giả cơ bản", ip_areas=[area])

    def html():
        return client.get(catalogue.url).content.decode()

    assert "Quyền tác giả cơ bản" in html()
    with CaptureQueriesContext(connection) as served:
        assert "Quyền tác giả cơ bản" in html()
    assert not any("courses_coursepage" in q["sql"] for q in served.captured_queries)

    area.name = "Quyền tác giả – tên mới"
    area.save()
    assert "Quyền tác giả – tên mới" in html()
    course_make(catalogue, title="Nhãn hiệu cho chủ thể OCOP")
    assert "Nhãn hiệu cho chủ thể OCOP" in html()
    first.unpublish()
    assert "Quyền tác giả cơ bản" not in html()


def test_a_filtered_catalogue_is_rendered_for_each_request(client, catalogue):
    course_make(catalogue, title="Sở hữu trí tuệ cơ bản", level="basic")
    url = catalogue.url + "?level=basic"
    client.get(url)
    with CaptureQueriesContext(connection) as served:
        assert "Sở hữu trí tuệ cơ bản" in client.get(url).content.decode()
    assert any("courses_coursepage" in q["sql"] for q in served.captured_queries)
