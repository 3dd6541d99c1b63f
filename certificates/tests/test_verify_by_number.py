"""/verify/ by the number printed on the certificate with the holder's name
(issue 13, item 8): accents and case forgiven, a number alone reveals nothing,
the date of birth is shown only when the visitor typed it."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from certificates import services


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def issued(completed, django_capture_on_commit_callbacks):
    completed.user.profile.date_of_birth = datetime.date(1990, 4, 12)
    completed.user.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    return certificate


def _verify(client, **params):
    return client.get(reverse("certificates:verify"), params)


@pytest.mark.parametrize(
    "serial_typed,name_typed",
    [
        ("{serial}", "Nguyễn Thị Thu Hà"),
        ("Số: {serial}", "nguyen thi thu ha"),
        ("{serial_lower}", "NGUYỄN  THỊ THU HÀ"),
        ("{short}", "Nguyen Thi Thu Ha"),
    ],
)
def test_the_printed_number_with_the_name_finds_the_certificate(
    client, issued, serial_typed, name_typed
):
    prefix, year, number = issued.serial.split("-")
    typed = serial_typed.format(
        serial=issued.serial,
        serial_lower=issued.serial.lower(),
        short=f"{prefix}-{year}-{int(number)}",
    )
    response = _verify(client, serial=typed, name=name_typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert issued.serial in page and "Nguyễn Thị Thu Hà" in page
    assert issued.course_title in page


def test_a_number_alone_asks_for_the_name_and_shows_nothing(client, issued):
    response = _verify(client, serial=issued.serial)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Thị Thu Hà" not in page and issued.course_title not in page


def test_a_wrong_name_and_an_unknown_number_answer_alike(client, issued):
    wrong_name = _verify(client, serial=issued.serial, name="Trần Văn An")
    unknown = _verify(client, serial="SHTT-2026-999999", name="Nguyễn Thị Thu Hà")
    assert wrong_name.status_code == unknown.status_code == 404
    for response in (wrong_name, unknown):
        page = response.content.decode()
        assert "No certificate has this number" in page or "Không có" in page
        assert issued.course_title not in page


def test_the_date_of_birth_is_shown_only_when_the_visitor_typed_it(client, issued):
    page = _verify(client, serial=issued.serial, name="nguyen thi thu ha")
    assert "12/04/1990" not in page.content.decode()
    typed = _verify(
        client,
        serial=issued.serial,
        name="nguyen thi thu ha",
        date_of_birth="12/04/1990",
    )
    assert "12/04/1990" in typed.content.decode()
    wrong = _verify(
        client,
        serial=issued.serial,
        name="nguyen thi thu ha",
        date_of_birth="13/04/1990",
    )
    assert "12/04/1990" not in wrong.content.decode()


def test_the_json_by_code_keeps_the_date_of_birth_and_its_payload_back(client, issued):
    url = reverse("certificates:verify_json", args=[issued.verification_code])
    data = client.get(url).json()
    assert data["date_of_birth"] == "" and data["payload"] is None
    assert data["date_of_birth_matches"] is None
    data = client.get(url, {"dob": "1990-04-12"}).json()
    assert data["date_of_birth"] == "12/04/1990" and data["date_of_birth_matches"]
    assert data["payload"] == issued.payload
    assert (
        client.get(url, {"dob": "1991-04-12"}).json()["date_of_birth_matches"] is False
    )


def test_the_number_and_name_look_up_is_rate_limited(client, issued, settings):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = 3
    for _ in range(3):
        assert _verify(client, serial=issued.serial, name="x").status_code == 404
    response = _verify(client, serial=issued.serial, name="Nguyễn Thị Thu Hà")
    assert response.status_code == 429
