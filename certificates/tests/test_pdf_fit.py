"""The quicker Reed–Solomon step of the QR code gives ReportLab's codewords."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.graphics.barcode.qrencoder import QRPolynomial, QRUtil

from certificates.pdf_fit import REPORTLAB_MOD, _remainder, qr_modules

# Error-correction codewords per block that QR versions 1–40 use.
EC_SIZES = [7, 10, 13, 15, 16, 17, 18, 20, 22, 24, 26, 28, 30]


@given(
    data=st.lists(st.integers(0, 255), min_size=1, max_size=160),
    ec=st.sampled_from(EC_SIZES),
)
def test_the_in_place_division_gives_reportlab_s_remainder(data, ec):
    generator = QRUtil.getErrorCorrectPolynomial(ec)
    assert generator.num == QRUtil.getErrorCorrectPolynomial.__wrapped__(ec).num
    raw = QRPolynomial(data, generator.getLength() - 1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QRPolynomial, "mod", REPORTLAB_MOD)  # all-ReportLab
        expected = raw.mod(generator).num
    assert _remainder(raw, generator).num == expected


def test_a_certificate_s_qr_matrix_is_reportlab_s_matrix():
    text = (
        "https://shtt.haugiang.gov.vn/verify/AbCdEfGh/#"
        + "eyJzIjoiU0hUVC0yMDI2In0" * 12
    )
    ours = qr_modules(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QRPolynomial, "mod", REPORTLAB_MOD)
        patch.setattr(
            QRUtil,
            "getErrorCorrectPolynomial",
            staticmethod(QRUtil.getErrorCorrectPolynomial.__wrapped__),
        )
        theirs = qr_modules(text)
    assert len(ours) > 60 and ours == theirs
