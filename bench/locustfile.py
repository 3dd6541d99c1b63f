"""Locust users for `make bench` (driven by bench/run.py, headless).

``LearnerJourney`` follows Moodle's 100-user JMeter plan: each simulated learner,
signed in with a session the seeder made, loops catalogue → course page →
lesson → dashboard → quiz (start, open the attempt page, submit 20 answers) →
certificate verification. ``PlanManager`` (the plan manager and the units'
focal points) opens the headcount dashboard, report and exports. ``SinglePage``
hammers one page (BENCH_PAGE) for the closed-loop throughput measurement.

BENCH_MANIFEST points at bench/results/tmp/dataset.json (URLs, sessions, codes);
BENCH_RATE (requests/s per learner, 0 = closed loop) paces the journey.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading

from locust import FastHttpUser, constant, constant_throughput, task

MANIFEST = json.loads(open(os.environ["BENCH_MANIFEST"], encoding="utf-8").read())
LEARNERS = [s for s in MANIFEST["sessions"] if s["role"] == "learner"]
# The plan manager and the units' focal points (each sees their own unit).
STAFF_ROLES = ("plan_manager", "focal_point")
STAFF = [s for s in MANIFEST["sessions"] if s["role"] in STAFF_ROLES]
CODES = MANIFEST.get("verification_codes") or ["unknown-code"]
RATE = float(os.environ.get("BENCH_RATE", "0"))
PAGE = os.environ.get("BENCH_PAGE", "")
BASELINE_BYTES = os.environ.get("BENCH_BASELINE_BYTES", "0")
FIELD = re.compile(r'name="(q\d+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_next = itertools.count()
_next_staff = itertools.count()
_lock = threading.Lock()


def _learner():
    with _lock:
        return LEARNERS[next(_next) % len(LEARNERS)]


def _staff():
    with _lock:
        return STAFF[next(_next_staff) % len(STAFF)]


class _SignedIn(FastHttpUser):
    abstract = True
    session = None

    def on_start(self):
        self.who = self.session or _learner()
        self.client.cookiejar.set_cookie(_cookie("sessionid", self.who["session"]))
        self.csrf = None

    def _csrf(self, html: str) -> str | None:
        match = CSRF.search(html)
        if match:
            self.csrf = match.group(1)
        return self.csrf

    def quiz_cycle(self, name_prefix=""):
        """Start an attempt, open it, submit an answer to each of its 20 questions."""
        who = self.who
        with self.client.get(
            who["quiz_url"], name=name_prefix + "quiz intro", catch_response=True
        ) as response:
            token = self._csrf(response.text or "")
            if response.status_code != 200 or not token:
                response.failure(f"quiz intro {response.status_code}")
                return
        with self.client.post(
            who["quiz_start_url"],
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": self.host + who["quiz_url"]},
            name=name_prefix + "quiz start",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or "/bai-lam/" not in location:
                response.failure(f"start {response.status_code} {location}")
                return
        with self.client.get(
            location, name=name_prefix + "quiz attempt page", catch_response=True
        ) as response:
            html = response.text or ""
            fields = sorted(set(FIELD.findall(html)))
            token = self._csrf(html)
            if response.status_code != 200 or len(fields) < 20:
                response.failure(f"attempt {response.status_code} {len(fields)} fields")
                return
        data = {field: str(random.randrange(4)) for field in fields}
        data["csrfmiddlewaretoken"] = token
        with self.client.post(
            location + "nop/",
            data=data,
            headers={"Referer": self.host + location},
            name=name_prefix + "quiz submit (20 answers)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"submit {response.status_code}")


def _cookie(name, value):
    from http.cookiejar import Cookie

    return Cookie(
        version=0,
        name=name,
        value=value,
        port=None,
        port_specified=False,
        domain="127.0.0.1",
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=False,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={},
        rfc2109=False,
    )


#: Requests of one journey (catalogue, course page, lesson, dashboard, quiz
#: intro, start, attempt page, submit, verification): locust paces *tasks*, so
#: a journey every JOURNEY_REQUESTS / RATE seconds is RATE requests/s.
JOURNEY_REQUESTS = 9


class LearnerJourney(_SignedIn):
    weight = 100
    wait_time = constant_throughput(RATE / JOURNEY_REQUESTS) if RATE else constant(0)

    @task
    def journey(self):
        who = self.who
        self.client.get(MANIFEST["catalogue_url"], name="catalogue")
        self.client.get(who["course_url"], name="course page")
        self.client.get(who["lesson_url"], name="lesson")
        self.client.get("/my-courses/", name="dashboard")
        self.quiz_cycle()
        self.client.get(
            f"/verify/{random.choice(CODES)}/", name="certificate verification"
        )


class PlanManager(_SignedIn):
    """The plan manager and the focal points, one user each, every two seconds."""

    weight = 1
    fixed_count = len(STAFF)
    wait_time = constant(2)

    def on_start(self):
        self.session = _staff()
        super().on_start()

    @task(3)
    def dashboard(self):
        self.client.get("/admin/plan/dashboard/", name="plan dashboard")

    @task(1)
    def headcount(self):
        self.client.get("/admin/plan/headcount/?year=2025", name="headcount report")

    @task(1)
    def export(self):
        self.client.get(
            "/admin/plan/headcount/?year=2025&export=csv", name="headcount export (CSV)"
        )


class SinglePage(_SignedIn):
    """Closed loop on one page: as many requests as the server answers."""

    wait_time = constant(0)

    @task
    def hit(self):
        who = self.who
        if PAGE == "quiz submit":
            self.quiz_cycle(name_prefix="")
            return
        path = {
            "baseline": f"/bench/baseline/?bytes={BASELINE_BYTES}",
            "catalogue": MANIFEST["catalogue_url"],
            "course page": who["course_url"],
            "lesson": who["lesson_url"],
            "dashboard": "/my-courses/",
            "certificate verification": f"/verify/{random.choice(CODES)}/",
        }[PAGE]
        self.client.get(path, name=PAGE)
