"""PostgreSQL drops the application's connections; the next request recovers.

A live server (a real WSGI handler, as under gunicorn) serves a signed-in
learner; every connection of the test database except the test's own is then
killed with pg_terminate_backend, which is what a database restart or a
failover does. CONN_HEALTH_CHECKS makes Django test a reused connection at the
start of each request and open a new one, so the app needs no restart.
What was lost: nothing. The profile saved right after the drop is stored.
"""

import re

import psycopg
import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from accounts.models import LearnerProfile


def _kill_other_connections() -> int:
    db = connection.settings_dict
    mine = connection.connection.info.backend_pid
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=db["NAME"],
        autocommit=True,
    ) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid NOT IN (%s, pg_backend_pid())",
            [db["NAME"], mine],
        ).fetchall()
    return len(rows)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_requests_recover_after_postgresql_drops_the_connections(
    postgres_only, live_server, learner
):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    assert connection.settings_dict["CONN_MAX_AGE"] > 0  # connections are reused
    login = Client()
    login.force_login(learner)
    browser = requests.Session()
    browser.cookies.set(
        django_settings.SESSION_COOKIE_NAME,
        login.cookies[django_settings.SESSION_COOKIE_NAME].value,
    )
    url = live_server.url + "/accounts/profile/"
    assert browser.get(url, timeout=10).status_code == 200  # opens a connection

    connection.ensure_connection()
    assert _kill_other_connections() >= 1

    page = browser.get(url, timeout=10)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    saved = browser.post(
        url,
        data={
            "csrfmiddlewaretoken": token,
            "full_name": "Trần Thị Hồi Phục",
            "organisation": "Sở KH&CN",
            "position": "Chuyên viên",
            "audience_group": learner.profile.audience_group_id,
            "unit": learner.profile.unit_id,
        },
        headers={"Referer": url},
        allow_redirects=False,
        timeout=10,
    )
    assert saved.status_code == 302, saved.text[:500]
    # Nothing lost: the write made right after the drop is in the database.
    assert LearnerProfile.objects.get(user=learner).full_name == "Trần Thị Hồi Phục"
