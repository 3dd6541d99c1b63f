import pytest

from accounts.models import LearnerProfile
from accounts.selectors import profile_is_complete
from tests.factories import (
    AudienceGroupFactory,
    CommuneFactory,
    UnitFactory,
    UserFactory,
)

HARD_NAME = "Nguyễn Thị Ngọc Hương Đặng Lưu Bảo Khuê Ỷ Ữ"


@pytest.mark.django_db
def test_the_profile_form_saves_a_vietnamese_name_exactly(client):
    user = UserFactory(profile=False)
    group, unit, commune = AudienceGroupFactory(), UnitFactory(), CommuneFactory()
    client.force_login(user)
    response = client.post(
        "/accounts/profile/",
        {
            "full_name": f"  {HARD_NAME}  ",
            "audience_group": group.pk,
            "organisation": "Sở Khoa học và Công nghệ",
            "unit": unit.pk,
            "commune": commune.pk,
            "position": "Chuyên viên",
            "date_of_birth": "1990-02-03",
            "phone": "0293 3870 123",
            "next": "/khoa-hoc/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/khoa-hoc/"
    profile = LearnerProfile.objects.get(user=user)
    assert profile.full_name == HARD_NAME
    assert profile.is_complete
    page = client.get("/accounts/profile/").content.decode()
    assert HARD_NAME in page


@pytest.mark.django_db
def test_decomposed_unicode_is_stored_in_composed_form(client):
    import unicodedata

    user = UserFactory(profile=False)
    client.force_login(user)
    decomposed = unicodedata.normalize("NFD", HARD_NAME)
    client.post(
        "/accounts/profile/",
        {
            "full_name": decomposed,
            "audience_group": AudienceGroupFactory().pk,
            "organisation": "UBND xã",
            "unit": UnitFactory().pk,
            "position": "Công chức",
        },
    )
    assert LearnerProfile.objects.get(user=user).full_name == HARD_NAME


@pytest.mark.django_db
def test_missing_required_fields_are_reported_and_nothing_is_saved(client):
    user = UserFactory(profile=False)
    client.force_login(user)
    response = client.post("/accounts/profile/", {"full_name": "", "phone": "abc"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trường này là bắt buộc." in body
    assert "Nhập số điện thoại" in body
    assert not LearnerProfile.objects.filter(user=user).exists()
    assert not profile_is_complete(user=user)


@pytest.mark.django_db
def test_an_offsite_next_address_is_ignored(client, learner):
    client.force_login(learner)
    profile = learner.profile
    response = client.post(
        "/accounts/profile/",
        {
            "full_name": profile.full_name,
            "audience_group": profile.audience_group_id,
            "organisation": profile.organisation,
            "unit": profile.unit_id,
            "position": profile.position,
            "next": "https://evil.example.com/",
        },
    )
    assert response["Location"] == "/accounts/profile/"


def test_the_profile_page_needs_a_login(client, db):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
