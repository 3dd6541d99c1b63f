"""Benchmark (not a test): certificate PDFs per second on one core.

Usage::

    .venv/bin/python bench/bench_certificates.py [--count 300] [--bulk 1000]

Part 1 renders ``--count`` certificates with ``certificates.pdf.certificate_pdf``
(measured fitting, wrapping, QR code) and, in the same run, ``--count`` PDFs from
a bare ReportLab canvas that draws the same content (same fonts, strings, frame
and QR modules) at fixed positions without any measuring. Target: at least 50
certificates/s and at least 70 % of the bare canvas.

Part 2 (``--bulk N``, 0 to skip) runs the real bulk-issue job end to end on a
fresh SQLite database in a temporary folder: N learners with completed
enrolments in one training class, issued, rendered, stored and zipped.

Both parts are pinned to one CPU core. Prints JSON.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pin_one_core() -> int | None:
    try:
        core = sorted(os.sched_getaffinity(0))[0]
        os.sched_setaffinity(0, {core})
        return core
    except (AttributeError, OSError):
        return None


def sample_document(index: int):
    from certificates import signing
    from certificates.pdf import CertificateDocument

    key = sample_document.key
    name = f"Nguyễn Thị Thu Hà {index}"
    course = "Nhãn hiệu tập thể, chỉ dẫn địa lý cho sản phẩm OCOP của tỉnh Hậu Giang"
    serial = f"SHTT-2026-{index:06d}"
    payload = signing.payload_sign(
        signing.Claims(
            serial=serial,
            name=name,
            course=course,
            date="2026-04-12",
            date_of_birth="1988-09-05",
            level="Nâng cao",
            hours="16",
            class_title="Lớp tập huấn Vị Thanh – đợt 2",
            class_start="2026-03-02",
            class_end="2026-03-06",
            issuer="UBND TỈNH HẬU GIANG / SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        ),
        private_key=key,
        key_id="bench",
    )
    url = f"https://shtt.haugiang.gov.vn/verify/AbCdEfGhIjKlMnOpQr{index:04d}/"
    return CertificateDocument(
        holder_name=name,
        course_title=course,
        serial=serial,
        issue_date_text="ngày 12 tháng 4 năm 2026",
        verification_url=url,
        qr_text=f"{url}#{payload}",
        verification_code=f"AbCdEfGhIjKlMnOpQr{index:04d}",
        verify_base_url="https://shtt.haugiang.gov.vn/verify/",
        date_of_birth="05/09/1988",
        level_label="Nâng cao",
        hours="16",
        class_title="Lớp tập huấn Vị Thanh – đợt 2",
        class_dates="từ ngày 02/03/2026 đến ngày 06/03/2026",
        signer_title_lines=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        signer_name="Trần Văn Quý",
    )


def bare_pdf(doc) -> bytes:
    """The same content on a bare canvas: fixed positions, no measuring."""
    import io
    import itertools

    from reportlab.lib.colors import black, toColor
    from reportlab.pdfgen.canvas import Canvas

    from certificates.fonts import FONT_BOLD, FONT_ITALIC, FONT_REGULAR
    from certificates.pdf import PAGE_HEIGHT, PAGE_WIDTH, qr_modules

    buffer = io.BytesIO()
    c = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageCompression=1,
        initialFontName=FONT_REGULAR,
    )
    c.setStrokeColor(toColor(doc.colours.primary))
    c.setLineWidth(4)
    c.rect(16, 16, PAGE_WIDTH - 32, PAGE_HEIGHT - 32)
    c.setStrokeColor(toColor(doc.colours.accent))
    c.setLineWidth(1.2)
    c.rect(25, 25, PAGE_WIDTH - 50, PAGE_HEIGHT - 50)
    c.rect(29, 29, PAGE_WIDTH - 58, PAGE_HEIGHT - 58)
    c.setFillColor(toColor(doc.colours.text))
    lines = [
        (FONT_REGULAR, 12.5, 215, 529, doc.issuer_lines[0]),
        (FONT_BOLD, 12.5, 215, 513, doc.issuer_lines[1]),
        (FONT_REGULAR, 11.5, 215, 491, f"Số: {doc.serial}"),
        (FONT_BOLD, 12.5, 600, 529, doc.texts.national_name),
        (FONT_BOLD, 13, 600, 513, doc.texts.national_motto),
        (FONT_BOLD, 34, 421, 445, doc.texts.title),
        (FONT_ITALIC, 14, 421, 400, doc.texts.intro),
        (FONT_BOLD, 28, 421, 365, doc.holder_name),
        (FONT_REGULAR, 13, 421, 345, f"Ngày sinh: {doc.date_of_birth}"),
        (FONT_REGULAR, 14, 421, 320, doc.texts.completion),
        (FONT_BOLD, 19, 421, 295, doc.course_title),
        (
            FONT_REGULAR,
            13,
            421,
            272,
            f"Trình độ: {doc.level_label}   ·   Thời lượng: {doc.hours} giờ",
        ),
        (FONT_ITALIC, 12, 421, 252, f"{doc.class_title}, {doc.class_dates}"),
        (FONT_ITALIC, 12.5, 627, 198, f"{doc.issue_place}, {doc.issue_date_text}"),
        (FONT_BOLD, 12.5, 627, 180, doc.signer_title_lines[0]),
        (FONT_BOLD, 12.5, 627, 165, doc.signer_title_lines[1]),
        (FONT_BOLD, 14, 627, 58, doc.signer_name),
    ]
    for font, size, x, y, text in lines:
        c.setFont(font, size)
        c.drawCentredString(x, y, text)
    for font, y, text in (
        (FONT_ITALIC, 128, doc.texts.verify_label),
        (FONT_REGULAR, 116, doc.verify_base_url),
        (FONT_ITALIC, 104, doc.texts.code_label),
        (FONT_BOLD, 92, doc.verification_code),
    ):
        c.setFont(font, 9)
        c.drawString(158, y, text)
    # The same QR matrix (ReportLab's encoder), one rectangle per run of dark
    # modules in a row, exactly as the certificate draws it.
    modules = qr_modules(doc.qr_text)
    box = 104 / (len(modules) + 4)
    path = c.beginPath()
    for r, row in enumerate(modules):
        col = 0
        for dark, run in itertools.groupby(row):
            count = len(list(run))
            if dark:
                path.rect(48 + (col + 2) * box, 148 - (r + 3) * box, count * box, box)
            col += count
    c.setFillColor(black)
    c.drawPath(path, stroke=0, fill=1)
    c.showPage()
    c.save()
    return buffer.getvalue()


def rate(func, docs) -> tuple[float, int]:
    started = time.process_time()
    size = 0
    for doc in docs:
        size += len(func(doc))
    elapsed = time.process_time() - started
    return len(docs) / elapsed, size // len(docs)


def part_pdf(count: int) -> dict:
    from certificates import signing
    from certificates.fonts import register_fonts
    from certificates.pdf import certificate_pdf

    register_fonts()
    sample_document.key = signing.private_key_generate()
    docs = [sample_document(i) for i in range(count)]
    certificate_pdf(docs[0])  # warm up (font parsing, imports)
    bare_pdf(docs[0])
    rounds = []
    for _ in range(3):  # interleaved, best of three
        full, full_size = rate(certificate_pdf, docs)
        bare, bare_size = rate(bare_pdf, docs)
        rounds.append((full, bare, full_size, bare_size))
    full = statistics.median(r[0] for r in rounds)
    bare = statistics.median(r[1] for r in rounds)
    full_size, bare_size = rounds[0][2], rounds[0][3]
    return {
        "count": count,
        "statistic": "median of 3 interleaved rounds, CPU time",
        "certificates_per_second": round(full, 1),
        "bare_canvas_per_second": round(bare, 1),
        "ratio_to_bare": round(full / bare, 3),
        "pdf_bytes": full_size,
        "bare_pdf_bytes": bare_size,
        "rounds": [
            {
                "certificates_per_second": round(r[0], 1),
                "bare_canvas_per_second": round(r[1], 1),
            }
            for r in rounds
        ],
        "targets_met": full >= 50 and full / bare >= 0.70,
    }


def part_bulk(count: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="bench-certificates-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "elearn.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = tmp / "media"
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import zipfile

    from django.contrib.auth.hashers import make_password

    from accounts.models import LearnerProfile, User
    from certificates import bulk
    from certificates.models import BulkIssueJob, Certificate
    from certificates.tests import factories
    from core.services import site_home_ensure
    from courses.models import Enrollment, EnrollmentStatus

    home = site_home_ensure()
    course = factories.course_page(home)
    training_class = factories.training_class(course)
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"hoc.vien{i}@bench.vn", password=password) for i in range(count)
    )
    LearnerProfile.objects.bulk_create(
        LearnerProfile(
            user=u,
            full_name=f"Học Viên Thử Nghiệm Số {i + 1}",
            organisation="Doanh nghiệp",
            position="Nhân viên",
        )
        for i, u in enumerate(users)
    )
    Enrollment.objects.bulk_create(
        Enrollment(
            user=u,
            course=course,
            training_class=training_class,
            status=EnrollmentStatus.COMPLETED,
        )
        for u in users
    )
    started_wall, started_cpu = time.perf_counter(), time.process_time()
    job = bulk.bulk_issue_start(training_class=training_class, actor=None)
    # No on_commit outside a transaction: the job was enqueued (eager) already.
    job.refresh_from_db()
    if job.status == BulkIssueJob.Status.QUEUED:
        job = bulk.bulk_issue_run(job_id=job.pk)
    wall = time.perf_counter() - started_wall
    cpu = time.process_time() - started_cpu
    with job.archive.open("rb") as handle:
        entries = len(zipfile.ZipFile(handle).namelist())
    return {
        "count": count,
        "status": job.status,
        "issued": job.issued,
        "zip_entries": entries,
        "issued_in_db": Certificate.objects.filter(status="issued").count(),
        "seconds_wall": round(wall, 1),
        "seconds_cpu": round(cpu, 1),
        "certificates_per_second_end_to_end": round(count / wall, 1),
        "zip_bytes": job.archive.size,
        "note": "SQLite, one process, e-mails to the in-memory backend",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--bulk", type=int, default=1000)
    args = parser.parse_args()
    core = pin_one_core()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.test")
    result = {"cpu_core": core, "python": sys.version.split()[0]}
    result["pdf"] = part_pdf(args.count)
    if args.bulk:
        result["bulk_issue"] = part_bulk(args.bulk)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
