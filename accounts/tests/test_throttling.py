import pytest
from django.core.cache import cache

from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_wrong_passwords(client, learner):
    for _attempt in range(5):
        response = client.post(
            "/accounts/login/", {"login": learner.email, "password": "sai-mật-khẩu"}
        )
        assert response.status_code == 200
        assert "Địa chỉ email và/hoặc mật khẩu không đúng." in response.content.decode()

    response = client.post(
        "/accounts/login/", {"login": learner.email, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert (
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau."
        in response.content.decode()
    )


@pytest.mark.django_db
def test_the_right_password_works_before_the_limit_is_reached(client, learner):
    for _attempt in range(3):
        client.post("/accounts/login/", {"login": learner.email, "password": "sai"})
    client.post("/accounts/login/", {"login": learner.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(learner.pk)
