"""The department's identity comes from a Wagtail site setting (issue 13, item 12):
name, emblem, contact lines in the header and footer, the admin's title."""

import pytest
from django.conf import settings
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from core.identity import SiteIdentity

pytestmark = pytest.mark.django_db


@pytest.fixture
def identity(home_page):
    site = Site.objects.get(is_default_site=True)
    identity = SiteIdentity.for_site(site)
    identity.site_name = "Cổng đào tạo SHTT Cần Thơ"
    identity.site_name_en = "Can Tho IP training"
    identity.department = "Sở Khoa học và Công nghệ thành phố Cần Thơ"
    identity.contact_lines = "Số 2 Lý Thường Kiệt, Ninh Kiều\nĐiện thoại: 0292 3820 000"
    identity.save()
    return identity


def test_the_header_and_footer_read_the_site_identity(client, identity):
    html = client.get("/").content.decode()
    assert "Cổng đào tạo SHTT Cần Thơ" in html
    assert "Sở Khoa học và Công nghệ thành phố Cần Thơ" in html
    assert "Điện thoại: 0292 3820 000" in html
    assert "Hậu Giang province" not in html


def test_english_mode_shows_the_english_site_name(client, identity):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Can Tho IP training" in client.get("/").content.decode()


def test_an_uploaded_emblem_replaces_the_text_mark(
    client, identity, settings, tmp_path
):
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = tmp_path
    identity.logo = Image.objects.create(title="Biểu trưng", file=get_test_image_file())
    identity.save()
    html = client.get("/").content.decode()
    assert 'class="brand-logo"' in html and "/media/images/" in html


def test_a_change_shows_at_once_though_the_identity_is_cached(client, identity):
    assert "Cổng đào tạo SHTT Cần Thơ" in client.get("/").content.decode()
    identity.site_name = "Tên mới của cổng"
    identity.save()
    assert "Tên mới của cổng" in client.get("/").content.decode()


def test_the_admin_title_is_the_site_name_not_localhost(admin_client, identity):
    html = admin_client.get("/admin/").content.decode()
    assert "Cổng đào tạo SHTT Cần Thơ" in html
    assert "localhost" not in html


def test_a_page_reads_the_identity_without_a_query_once_cached(
    client, identity, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not [q for q in queries if "siteidentity" in q["sql"].lower()]
