"""Pages: my certificates, downloads, public verification, rate limit, badge."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from certificates import services
from tests.factories import UserFactory

from . import factories


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def issued(completed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    return certificate


def test_my_certificates_lists_the_learners_own_with_downloads(client, issued):
    client.force_login(issued.user)
    response = client.get(reverse("certificates:mine"))
    assert response.status_code == 200
    html = response.content.decode()
    assert issued.serial in html and "Nguyễn Thị Thu Hà" in html
    assert reverse("certificates:download", args=[issued.pk]) in html
    other = UserFactory()
    client.force_login(other)
    assert (
        issued.serial not in client.get(reverse("certificates:mine")).content.decode()
    )


def test_my_certificates_needs_a_login(client, db):
    response = client.get(reverse("certificates:mine"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_owner_and_editors_download_the_pdf_others_get_403(client, issued, editor):
    url = reverse("certificates:download", args=[issued.pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    for user in (issued.user, editor):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_pending_certificate_has_no_download_yet(client, completed):
    certificate = services.certificate_issue(enrollment=completed)
    client.force_login(completed.user)
    assert (
        client.get(reverse("certificates:download", args=[certificate.pk])).status_code
        == 404
    )


def test_the_owner_downloads_a_signed_open_badge(client, issued):
    from certificates import keys, openbadges

    client.force_login(issued.user)
    response = client.get(reverse("certificates:badge", args=[issued.pk]))
    assert response.status_code == 200
    credential = json.loads(response.content)
    assert "OpenBadgeCredential" in credential["type"]
    assert credential["credentialSubject"]["achievement"]["name"] == issued.course_title
    assert openbadges.credential_verify(credential, public_keys=keys.public_keys())


def test_the_public_verifies_a_valid_certificate_by_code(client, issued):
    response = client.get(
        reverse("certificates:verify_detail", args=[issued.verification_code])
    )
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Nguyễn Thị Thu Hà",
        issued.course_title,
        issued.serial,
        "Sở Khoa học và Công nghệ tỉnh Hậu Giang",
        "Cơ bản",
    ):
        assert text in html


def test_the_form_redirects_a_code_or_a_pasted_link(client, issued):
    url = reverse("certificates:verify")
    assert client.get(url).status_code == 200
    response = client.get(url, {"code": issued.verification_code})
    assert response["Location"].endswith(f"/verify/{issued.verification_code}/")
    link = issued.data["qr_text"]
    response = client.get(url, {"code": link})
    assert response["Location"].endswith(f"/verify/{issued.verification_code}/")
    response = client.get(url, {"code": "<script>"})
    assert response.status_code == 200 and "22" in response.content.decode()


def test_the_json_form_gives_the_same_facts(client, issued):
    for url in (
        reverse("certificates:verify_json", args=[issued.verification_code]),
        reverse("certificates:verify_detail", args=[issued.verification_code])
        + "?format=json",
    ):
        data = client.get(url).json()
        assert data["found"] is True and data["valid"] is True
        assert data["status"] == "issued"
        assert data["holder_name"] == "Nguyễn Thị Thu Hà"
        assert data["serial"] == issued.serial
        assert data["hours"] == "8" and data["level"] == "basic"
        assert data["issue_date"] == issued.data["issue_date"]
        assert data["revoked_at"] is None


def test_a_revoked_certificate_shows_date_and_reason(client, issued, editor):
    services.certificate_revoke(certificate=issued, actor=editor, reason="Gian lận thi")
    html = client.get(
        reverse("certificates:verify_detail", args=[issued.verification_code])
    ).content.decode()
    assert "Gian lận thi" in html
    data = client.get(
        reverse("certificates:verify_json", args=[issued.verification_code])
    ).json()
    assert data["valid"] is False and data["status"] == "revoked"
    assert data["revocation_reason"] == "Gian lận thi" and data["revoked_at"]


def test_an_unknown_code_says_so_without_hinting_at_similar_ones(client, issued):
    near = issued.verification_code[:-1] + (
        "A" if issued.verification_code[-1] != "A" else "B"
    )
    response = client.get(reverse("certificates:verify_detail", args=[near]))
    assert response.status_code == 404
    html = response.content.decode()
    assert issued.serial not in html and issued.holder_name not in html
    data = client.get(reverse("certificates:verify_json", args=[near])).json()
    assert data == {"found": False, "message": data["message"]}
    prefix = client.get(
        reverse("certificates:verify_json", args=[issued.verification_code[:8]])
    )
    assert prefix.status_code == 404


def test_verification_is_rate_limited_per_address(client, issued, settings):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = 5
    url = reverse("certificates:verify_json", args=[issued.verification_code])
    codes = [client.get(url).status_code for _ in range(5)]
    assert codes == [200] * 5
    response = client.get(url)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "wait" in response.json()["message"] or "chờ" in response.json()["message"]
    page = client.get(
        reverse("certificates:verify_detail", args=[issued.verification_code])
    )
    assert page.status_code == 429
    other = client.get(url, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_behind_the_proxy_each_client_has_its_own_verification_limit(
    client, issued, settings
):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = 2
    url = reverse("certificates:verify_json", args=[issued.verification_code])
    proxy = {"REMOTE_ADDR": "172.18.0.5"}  # every request arrives from the proxy

    def status(client_address, forged=""):
        chain = f"{forged}, {client_address}" if forged else client_address
        return client.get(url, HTTP_X_FORWARDED_FOR=chain, **proxy).status_code

    settings.TRUSTED_PROXY_COUNT = 1
    assert [status("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    assert status("203.0.113.8") == 200  # another person behind the same proxy
    # A client cannot escape its limit by writing addresses in the header.
    assert status("203.0.113.7", forged="198.51.100.1") == 429
    cache.clear()
    settings.TRUSTED_PROXY_COUNT = 0  # header ignored: the proxy is one client
    assert [status(f"203.0.113.{n}") for n in range(3)] == [200, 200, 429]


def test_the_public_keys_are_published(client, issued):
    data = client.get(reverse("certificates:keys")).json()
    assert [k["kid"] for k in data["keys"]] == [issued.key_id]
    assert data["keys"][0]["crv"] == "Ed25519" and "d" not in data["keys"][0]


def test_there_is_no_listing_of_certificates(client, issued):
    assert client.get("/verify/?code=").status_code == 200
    assert issued.serial not in client.get("/verify/").content.decode()
    assert client.get("/verify/all/").status_code == 404


@pytest.mark.parametrize("count", [2, 8])
def test_my_certificates_query_count_does_not_grow(
    client, learner, home_page, count, django_assert_num_queries
):
    for _ in range(count):
        course = factories.course_page(home_page)
        services.certificate_issue(enrollment=factories.enrollment(learner, course))
    client.force_login(learner)
    client.get(reverse("certificates:mine"))  # warm caches (site, settings)
    with django_assert_num_queries(3):
        response = client.get(reverse("certificates:mine"))
    assert response.content.decode().count("badge-intermediate") == count
