"""The certificate's QR survives paper: zbar and zxing read it from a low-
resolution render and from a degraded (photocopy-like) copy of the PDF."""

import sys
from pathlib import Path

import pytest

from certificates import signing
from certificates.pdf import QR_SIZE, certificate_pdf, qr_modules

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import bench_certificates  # noqa: E402
import qr_paper  # noqa: E402


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The benchmark's sample: every printed fact signed (the longest usual QR)."""
    bench_certificates.sample_document.key = signing.private_key_generate()
    doc = bench_certificates.sample_document(3)
    folder = tmp_path_factory.mktemp("qr")
    return doc, certificate_pdf(doc), folder


def test_the_qr_is_printed_at_least_half_a_millimetre_a_module(sample):
    doc, _, _ = sample
    modules = len(qr_modules(doc.qr_text))
    assert QR_SIZE / (modules + 4) * 25.4 / 72 >= 0.49


def test_zbar_and_zxing_read_the_qr_of_the_pdf_rendered_at_100_dpi(sample):
    doc, content, folder = sample
    png = qr_paper.render(content, 100, folder)
    assert qr_paper.zbar_texts(png) == [doc.qr_text]
    assert qr_paper.zxing_texts(png) == [doc.qr_text]


@pytest.mark.parametrize("seed", [0, 1])
def test_zbar_and_zxing_read_a_grey_blurred_noisy_rotated_copy(sample, seed):
    doc, content, folder = sample
    png = qr_paper.render(content, 150, folder)
    copy = qr_paper.degrade(png, seed, folder / f"copy{seed}.png")
    assert qr_paper.zbar_texts(copy) == [doc.qr_text]
    assert qr_paper.zxing_texts(copy) == [doc.qr_text]


def test_the_degraded_copy_really_is_degraded(sample):
    """The copy must be harder than the clean render, or the test above is
    no test: at the old printed size (104 pt) zbar cannot read it."""
    from certificates import pdf

    doc, _, folder = sample
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "QR_SIZE", 104.0)
        small = pdf.certificate_pdf(doc)
    png = qr_paper.render(small, 150, folder)
    copy = qr_paper.degrade(png, 0, folder / "small.png")
    assert qr_paper.zbar_texts(copy) == []
