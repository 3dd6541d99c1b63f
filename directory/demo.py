"""Demo data: the directory, and the merged city's issuer from 1 July 2025.

``setup_site`` loads the Hậu Giang issuer until 30 June 2025 (the reorganisation
file) and leaves the merged city's to the department (README, deployment step
4). The demo records one so that what it issues today is headed by Cần Thơ, as
a certificate or report of 2026 is; its label says it is sample data.
"""

import datetime

from . import setup
from .services import issuer_period_ensure

DEMO_ISSUER = {
    "label": "Sở KH&CN thành phố Cần Thơ (dữ liệu mẫu)",
    "valid_from": datetime.date(2025, 7, 1),
    "issuer_name": "Sở Khoa học và Công nghệ thành phố Cần Thơ",
    "issuer_lines": ["UBND THÀNH PHỐ CẦN THƠ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
    "governing_body": "UBND THÀNH PHỐ CẦN THƠ",
    "place": "Cần Thơ",
    "signer_title": ["GIÁM ĐỐC"],
    "source": (
        "Dữ liệu mẫu theo Nghị quyết số 202/2025/QH15 (thành phố Cần Thơ mới, "
        "hiệu lực 01/7/2025); Sở cần xác nhận tiêu đề và người ký."
    ),
}


def load() -> list[str]:
    """What ``setup_site`` loads (:func:`directory.setup.load`), and the demo
    issuer."""
    _issuer, created = issuer_period_ensure(**DEMO_ISSUER)
    return setup.load() + [
        f"issuer from 2025-07-01: {'created' if created else 'kept'}"
    ]
