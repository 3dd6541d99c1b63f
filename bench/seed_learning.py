"""The benchmark's learning records: final exams with attempts and answers,
attendance, certificates (bench/seed.py)."""

from __future__ import annotations

import datetime as dt
import json

from bench.seeding import TZ, copy_rows, ids, log


def seed_quizzes(n, rng, courses, enrolments) -> dict:
    from quizzes.models import (
        Attempt,
        AttemptAnswer,
        AttemptQuestion,
        Choice,
        Question,
        QuestionCategory,
        Quiz,
        QuizQuestion,
    )

    quizzes = {}
    question_rows = {}
    for course in courses:
        category = QuestionCategory.objects.create(
            name=f"Ngân hàng câu hỏi khóa {course['id']}", course_id=course["id"]
        )
        quiz = Quiz.objects.create(
            title=f"Bài kiểm tra cuối khóa {course['id']}",
            slug=f"bench-final-{course['id']}",
            final_exam_page_id=course["id"],
            shuffle_questions=False,
            shuffle_choices=False,
            pass_mark=50,
        )
        slots = []
        for q in range(n["questions_per_quiz"]):
            question = Question.objects.create(
                category=category,
                qtype="single",
                title=f"Câu {q + 1}",
                text=f"Thời hạn bảo hộ nhãn hiệu là bao nhiêu năm? (câu {q + 1})",
            )
            choices = Choice.objects.bulk_create(
                [
                    Choice(
                        question=question, text=text, fraction=fraction, sort_order=i
                    )
                    for i, (text, fraction) in enumerate(
                        [
                            ("10 năm", 1.0),
                            ("5 năm", 0.0),
                            ("20 năm", 0.0),
                            ("Vô thời hạn", 0.0),
                        ]
                    )
                ]
            )
            QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=q)
            slots.append((question.pk, [c.pk for c in choices]))
        quizzes[course["id"]] = quiz.pk
        question_rows[course["id"]] = slots
    # Attempts: by completed enrolments first (a final exam is what they passed).
    completed = [e for e in enrolments if e[3] == "completed"]
    rng.shuffle(completed)
    chosen = completed[: n["attempts"]]
    first = Attempt.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    copy_rows(
        Attempt,
        [
            "user",
            "quiz",
            "number",
            "started_at",
            "submitted_at",
            "state",
            "score",
            "max_score",
            "percent",
            "passed",
        ],
        (
            (
                e[0],
                quizzes[e[1]],
                1,
                e[8] - dt.timedelta(minutes=30),
                e[8],
                "submitted",
                17.0,
                20.0,
                85.0,
                True,
            )
            for e in chosen
        ),
    )
    attempts = list(
        Attempt.objects.filter(pk__gt=first).order_by("pk").values_list("pk", "quiz_id")
    )
    by_quiz = {quiz: course for course, quiz in quizzes.items()}
    first_slot = (
        AttemptQuestion.objects.order_by("-pk").values_list("pk", flat=True).first()
        or 0
    )

    def slot_rows():
        for attempt, quiz in attempts:
            for order, (question, choices) in enumerate(question_rows[by_quiz[quiz]]):
                yield (attempt, question, order, 1.0, json.dumps({"choices": choices}))

    copy_rows(
        AttemptQuestion,
        ["attempt", "question", "order", "max_points", "layout"],
        slot_rows(),
    )
    # COPY keeps the order of the rows, so the n-th new slot is the n-th row
    # generated above; read the ids only (a COPY cannot run while a cursor
    # streams on the same connection).
    slot_ids = ids(AttemptQuestion, pk__gt=first_slot)
    answered = dt.datetime.now(TZ)

    def answer_rows():
        slots = iter(slot_ids)
        for _attempt, quiz in attempts:
            for _question, choices in question_rows[by_quiz[quiz]]:
                right = rng.random() < 0.85
                yield (
                    next(slots),
                    json.dumps({"choice": choices[0 if right else 1]}),
                    answered,
                    1.0 if right else 0.0,
                    "right" if right else "wrong",
                    "[]",
                )

    count = copy_rows(
        AttemptAnswer,
        ["slot", "response", "saved_at", "points", "state", "feedback"],
        answer_rows(),
    )
    log(f"{len(quizzes)} quizzes, {len(attempts)} attempts, {count} answers")
    return quizzes


def seed_attendance(rng, courses, enrolments) -> int:
    """Attendance of the class enrolments of courses without certificate: each
    session present with probability 0.9 (3 sessions, minimum 80 %: ~73 % pass)."""
    from courses.models import Attendance, ClassSession

    no_certificate = {c["id"] for c in courses if not c["awards_certificate"]}
    sessions: dict[int, list[int]] = {}
    for session, klass in ClassSession.objects.order_by("pk").values_list(
        "pk", "training_class_id"
    ):
        sessions.setdefault(klass, []).append(session)
    rows = [
        (session, e[0], rng.random() < 0.9)
        for e in enrolments
        if e[1] in no_certificate and e[2] is not None
        for session in sessions.get(e[2], [])
    ]
    copy_rows(Attendance, ["session", "user", "present"], rows)
    log(f"{len(rows)} attendance rows")
    return len(rows)


def seed_certificates(n, rng, enrolments, courses) -> int:
    import secrets

    from certificates.models import Certificate, SerialCounter

    prefix = "SHTT"
    awarding = {c["id"] for c in courses if c["awards_certificate"]}
    completed = [
        e
        for e in enrolments
        if e[3] == "completed" and e[2] is None and e[1] in awarding
    ]
    rng.shuffle(completed)
    numbers: dict[int, int] = {}
    rows = []
    for e in completed[: n["certificates"]]:
        issued = e[8]
        year = issued.year
        numbers[year] = numbers.get(year, 0) + 1
        serial = f"{prefix}-{year}-{numbers[year]:06d}"
        data = {
            "holder_name": f"Học viên {e[0]}",
            "course_title": f"Khóa {e[1]}",
            "serial": serial,
            "issued_on": issued.date().isoformat(),
        }
        rows.append(
            (
                e[0],
                e[1],
                e[9],
                0,
                serial,
                year,
                numbers[year],
                secrets.token_urlsafe(16),
                "issued",
                json.dumps(data, ensure_ascii=False),
                issued,
                issued,
            )
        )
    copy_rows(
        Certificate,
        [
            "user",
            "course",
            "enrollment",
            "offering_key",
            "serial",
            "serial_year",
            "serial_number",
            "verification_code",
            "status",
            "data",
            "created_at",
            "issued_at",
        ],
        rows,
    )
    for year, last in numbers.items():
        SerialCounter.objects.update_or_create(
            year=year, defaults={"last_number": last}
        )
    log(f"{len(rows)} certificates")
    return len(rows)
