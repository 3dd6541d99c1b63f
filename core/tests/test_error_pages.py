"""Error pages in the site's frame and language, with a way back (issue 13, item 7)."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from core import errors

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_in_vietnamese_in_the_sites_frame(client, home_page):
    response = client.get(
        "/khong-co-trang-nay/", HTTP_REFERER="http://testserver/khoa-hoc/"
    )
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="vi">' in html
    assert "Không tìm thấy trang" in html
    assert 'class="site-footer"' in html  # the frame
    assert 'href="http://testserver/khoa-hoc/"' in html  # back where they were
    assert 'href="/"' in html


def test_a_missing_page_answers_in_english_when_chosen(client, home_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/khong-co-trang-nay/").content.decode()
    assert '<html lang="en">' in html and "Page not found" in html


def test_a_back_link_never_leads_off_the_site(client, home_page):
    html = client.get(
        "/khong-co-trang-nay/", HTTP_REFERER="https://evil.example/"
    ).content.decode()
    assert "evil.example" not in html


def test_a_focal_point_refused_another_unit_is_told_their_scope(
    client, home_page, focal_point
):
    from accounts.services import units_set
    from plan.tests.factories import headcount_world

    world = headcount_world(home_page)
    units_set(user=focal_point, units=[world["u1"]])
    client.force_login(focal_point)
    response = client.get(reverse("plan_admin:people") + f"?unit={world['u2'].pk}")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Bạn không có quyền truy cập trang này" in html
    assert str(world["u1"]) in html  # what they may see instead


def test_a_refused_form_says_it_expired_in_vietnamese(home_page, learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = client.post(reverse("account_logout"))
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="vi">' in html and "Biểu mẫu đã hết hạn" in html


def test_a_server_error_shows_the_sites_frame(home_page):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = errors.server_error(request)
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()


def test_a_bad_request_answers_in_vietnamese(client, home_page):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = errors.bad_request(request)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
