import pytest
from django.conf import settings


@pytest.mark.django_db
def test_site_speaks_vietnamese_even_to_an_english_browser(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert "Danh mục khóa học" in response.content.decode()
    assert '<html lang="vi">' in response.content.decode()


@pytest.mark.django_db
def test_language_switch_changes_the_page_to_english_and_back(client, home_page):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/").content.decode()
    assert "Course catalogue" in page and '<html lang="en">' in page
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Danh mục khóa học" in client.get("/").content.decode()


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_vietnamese(client, home_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get("/")["Content-Language"] == "vi"
