"""The Wagtail admin works offline: no avatar is fetched from Gravatar."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_admin_shows_the_built_in_avatar_not_a_gravatar(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "gravatar" not in html
    assert "wagtailadmin/images/default-user-avatar" in html
