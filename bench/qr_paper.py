"""Measurement (not a test): does the certificate's QR survive paper?

Usage::

    .venv/bin/python bench/qr_paper.py [--sizes 104,130,150] [--copies 5]

Renders the benchmark's sample certificate (every printed fact signed) with the
QR printed at each size (points), then asks two decoders this project did not
write, zbar (``zbarimg``) and zxing-cpp, to read it:

* ``clean100``: the PDF rendered at 100 dpi by pdftoppm;
* ``copy150``: a photocopy-like degraded image — rendered at 150 dpi, grey,
  Gaussian blur (radius 0.8 px), Gaussian noise (sigma 18 grey levels),
  rotated 2°, with ``--copies`` different noise seeds.

Prints JSON: per size, the QR version, the module size in mm, and how many of
the images each decoder read correctly. The chosen size is ``QR_SIZE`` in
``certificates/pdf.py``; docs/certificates.md records the figures.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def render(pdf: bytes, dpi: int, folder: Path) -> Path:
    source = folder / "c.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-singlefile",
            str(source),
            str(folder / "p"),
        ],
        check=True,
    )
    return folder / "p.png"


def degrade(png: Path, seed: int, out: Path) -> Path:
    """Grey, blur, noise and a 2° turn: what a photocopy or a phone photo does."""
    from PIL import Image, ImageFilter

    image = Image.open(png).convert("L").filter(ImageFilter.GaussianBlur(0.8))
    rng = random.Random(seed)
    noise = bytes(
        max(0, min(255, 128 + int(rng.gauss(0, 18))))
        for _ in range(image.width * image.height)
    )
    noisy = Image.frombytes("L", image.size, noise)
    # image + (noise - 128), clipped: Pillow's ImageChops keeps it in C.
    from PIL import ImageChops

    image = ImageChops.subtract(
        ImageChops.add(image, noisy, offset=-128), Image.new("L", image.size, 0)
    )
    image = image.rotate(2, resample=Image.BICUBIC, expand=True, fillcolor=255)
    image.save(out)
    return out


def zbar_texts(png: Path) -> list[str]:
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sbinary", str(png)],
        capture_output=True,
    )
    return (
        [result.stdout.decode("utf-8", "replace").rstrip("\n")]
        if result.returncode == 0
        else []
    )


def zxing_texts(png: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [r.text for r in zxingcpp.read_barcodes(Image.open(png))]


def measure(size: float, copies: int) -> dict:
    import bench_certificates

    from certificates import pdf, signing
    from certificates.fonts import register_fonts

    register_fonts()
    bench_certificates.sample_document.key = signing.private_key_generate()
    doc = bench_certificates.sample_document(7)
    pdf.QR_SIZE = size
    content = pdf.certificate_pdf(doc)
    modules = len(pdf.qr_modules(doc.qr_text))
    result = {
        "qr_size_pt": size,
        "qr_size_mm": round(size * 25.4 / 72, 1),
        "payload_chars": len(doc.qr_text),
        "version": (modules - 17) // 4,
        "module_mm": round(size / (modules + 2 * pdf.QR_BORDER) * 25.4 / 72, 3),
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clean = render(content, 100, folder)
        result["clean100"] = {
            "zbar": doc.qr_text in zbar_texts(clean),
            "zxing": doc.qr_text in zxing_texts(clean),
        }
        png150 = render(content, 150, folder)
        counts = {"zbar": 0, "zxing": 0}
        for seed in range(copies):
            copy = degrade(png150, seed, folder / f"d{seed}.png")
            counts["zbar"] += doc.qr_text in zbar_texts(copy)
            counts["zxing"] += doc.qr_text in zxing_texts(copy)
        result["copy150"] = {k: f"{v}/{copies}" for k, v in counts.items()}
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="104,130,150")
    parser.add_argument("--copies", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings")
    import django

    django.setup()
    sizes = [float(s) for s in args.sizes.split(",")]
    print(json.dumps([measure(size, args.copies) for size in sizes], indent=1))


if __name__ == "__main__":
    main()
