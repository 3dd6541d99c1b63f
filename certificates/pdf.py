"""The certificate document (GIẤY CHỨNG NHẬN): plain data in, PDF bytes out.

A4 landscape in the style of a Vietnamese state training certificate. Text is
drawn with ``canvas.drawString`` (never a Paragraph), so ``<``, ``>``, ``&`` and
quotes in names print literally: nothing is parsed as markup. Every block is
measured with the font metrics and shrunk, then wrapped, to its box; blocks
that are empty are left out and the rest close up. No ORM queries here: the
caller (``certificates.services``) builds a :class:`CertificateDocument`.

The QR code (zxing-cpp's encoder, drawn as an image) holds ``<verification URL>#<signed
payload>``; the same text is stored in the PDF's Keywords so
``manage.py verify_certificate --pdf`` can read it back without a QR decoder.
"""

import io
from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor, toColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .fonts import FONT_BOLD, FONT_ITALIC, FONT_REGULAR, register_fonts
from .pdf_fit import (  # noqa: F401  (qr_modules is used by the benchmark)
    Block,
    clean,
    fit,
    fitted_width_line,
    qr_image,
    qr_modules,
    wrap,
)
from .pdf_stamp import RevocationStamp, draw_stamp

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
KEYWORDS_PREFIX = "shtt-certificate-qr:"


@dataclass
class CertificateTexts:
    """Fixed wording; editors can change it in the Wagtail settings."""

    national_name: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    national_motto: str = "Độc lập – Tự do – Hạnh phúc"
    title: str = "GIẤY CHỨNG NHẬN"
    intro: str = "Chứng nhận ông/bà:"
    date_of_birth_label: str = "Ngày sinh:"
    completion: str = "Đã hoàn thành khóa bồi dưỡng"
    level_label: str = "Trình độ:"
    hours_label: str = "Thời lượng:"
    hours_unit: str = "giờ"
    class_label: str = "Lớp:"
    serial_label: str = "Số:"
    verify_label: str = "Tra cứu, xác thực tại:"
    code_label: str = "Mã tra cứu:"


@dataclass
class CertificateColours:
    primary: str = "#9b1c1c"  # titles, name, frame
    accent: str = "#b8860b"  # inner frame, ornaments
    text: str = "#1f1f1f"


@dataclass
class CertificateDocument:
    """Everything printed on one certificate, already in its printed form."""

    holder_name: str
    course_title: str
    serial: str
    issue_date_text: str  # "ngày 12 tháng 4 năm 2026"
    verification_url: str
    qr_text: str  # the verification URL + "#" + signed payload
    verification_code: str = ""
    verify_base_url: str = ""  # printed under the QR code
    date_of_birth: str = ""  # "12/04/1990"
    level_label: str = ""  # "Cơ bản"
    hours: str = ""  # "24" or "3,5"
    class_title: str = ""
    class_dates: str = ""  # "từ ngày 01/03/2026 đến ngày 05/03/2026"
    issue_place: str = "Hậu Giang"
    issuer_lines: list[str] = field(
        default_factory=lambda: ["UBND TỈNH HẬU GIANG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    )
    signer_title_lines: list[str] = field(default_factory=lambda: ["GIÁM ĐỐC"])
    signer_name: str = ""
    texts: CertificateTexts = field(default_factory=CertificateTexts)
    colours: CertificateColours = field(default_factory=CertificateColours)
    signature_image: bytes | None = None
    seal_image: bytes | None = None
    revoked: RevocationStamp | None = None  # drawn across a revoked certificate


# --- drawing --------------------------------------------------------------------


MIDDLE_WIDTH = 640.0
MIDDLE_TOP = PAGE_HEIGHT - 178
MIDDLE_BOTTOM = 218.0


def _middle_blocks(doc: CertificateDocument, scale: float) -> list[Block]:
    t, c = doc.texts, doc.colours
    small = max(scale, 0.85)  # secondary lines shrink less than name and course
    blocks = [Block([clean(t.intro)], FONT_ITALIC, 14 * small, c.text)]
    size, lines = fit(
        clean(doc.holder_name),
        font=FONT_BOLD,
        max_size=28 * scale,
        min_size=13,
        width=MIDDLE_WIDTH,
        max_lines=2,
        prefer_one_line_down_to=18 * scale,
    )
    blocks.append(Block(lines, FONT_BOLD, size, c.primary, gap_before=4))
    if clean(doc.date_of_birth):
        text = f"{clean(t.date_of_birth_label)} {clean(doc.date_of_birth)}"
        blocks.append(Block([text], FONT_REGULAR, 13 * small, c.text, gap_before=2))
    blocks.append(
        Block([clean(t.completion)], FONT_REGULAR, 14 * small, c.text, gap_before=6)
    )
    size, lines = fit(
        clean(doc.course_title),
        font=FONT_BOLD,
        max_size=19 * scale,
        min_size=10,
        width=MIDDLE_WIDTH,
        max_lines=3,
    )
    blocks.append(Block(lines, FONT_BOLD, size, c.primary, gap_before=3))
    details = []
    if clean(doc.level_label):
        details.append(f"{clean(t.level_label)} {clean(doc.level_label)}")
    if clean(doc.hours):
        details.append(
            f"{clean(t.hours_label)} {clean(doc.hours)} {clean(t.hours_unit)}"
        )
    if details:
        text = "   ·   ".join(details)
        size, lines = fit(
            text,
            font=FONT_REGULAR,
            max_size=13 * small,
            min_size=9,
            width=MIDDLE_WIDTH,
            max_lines=2,
        )
        blocks.append(Block(lines, FONT_REGULAR, size, c.text, gap_before=6))
    class_parts = []
    class_title, label = clean(doc.class_title), clean(t.class_label)
    if class_title:
        # "Lớp: Lớp tập huấn …" reads badly: drop the label the title repeats.
        word = label.rstrip(":").strip().lower()
        repeated = word and class_title.lower().startswith(word)
        class_parts.append(class_title if repeated else f"{label} {class_title}")
    if clean(doc.class_dates):
        class_parts.append(clean(doc.class_dates))
    if class_parts:
        size, lines = fit(
            ", ".join(class_parts),
            font=FONT_ITALIC,
            max_size=12 * small,
            min_size=8.5,
            width=MIDDLE_WIDTH,
            max_lines=2,
        )
        blocks.append(Block(lines, FONT_ITALIC, size, c.text, gap_before=2))
    return blocks


def _layout_middle(doc: CertificateDocument) -> list[Block]:
    available = MIDDLE_TOP - MIDDLE_BOTTOM
    scale = 1.0
    while True:
        blocks = _middle_blocks(doc, scale)
        if sum(b.height for b in blocks) <= available or scale <= 0.6:
            return blocks
        scale -= 0.05


def _draw_frame(canvas: Canvas, doc: CertificateDocument) -> None:
    primary, accent = toColor(doc.colours.primary), toColor(doc.colours.accent)
    canvas.setStrokeColor(primary)
    canvas.setLineWidth(4)
    canvas.rect(16, 16, PAGE_WIDTH - 32, PAGE_HEIGHT - 32)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(1.2)
    canvas.rect(25, 25, PAGE_WIDTH - 50, PAGE_HEIGHT - 50)
    canvas.setLineWidth(0.5)
    canvas.rect(29, 29, PAGE_WIDTH - 58, PAGE_HEIGHT - 58)
    canvas.setFillColor(accent)
    for x, y in (
        (25, 25),
        (PAGE_WIDTH - 25, 25),
        (25, PAGE_HEIGHT - 25),
        (PAGE_WIDTH - 25, PAGE_HEIGHT - 25),
    ):
        path = canvas.beginPath()
        path.moveTo(x, y - 9)
        path.lineTo(x + 9, y)
        path.lineTo(x, y + 9)
        path.lineTo(x - 9, y)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)


def _draw_header(canvas: Canvas, doc: CertificateDocument) -> None:
    text_colour = toColor(doc.colours.text)
    canvas.setFillColor(text_colour)
    canvas.setStrokeColor(text_colour)
    left_x, right_x = 215.0, 600.0
    # Issuing authority (left): the last line is the issuing body, in bold.
    lines = [clean(line).upper() for line in doc.issuer_lines if clean(line)]
    y = PAGE_HEIGHT - 66
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        font = FONT_BOLD if last else FONT_REGULAR
        size = fitted_width_line(canvas, line, font, 12.5, 8, 330, left_x, y)
        if last:
            half = min(stringWidth(line, font, size), 330) / 4
            canvas.setLineWidth(0.8)
            canvas.line(left_x - half, y - 7, left_x + half, y - 7)
        y -= 16
    serial = f"{clean(doc.texts.serial_label)} {clean(doc.serial)}"
    fitted_width_line(canvas, serial, FONT_REGULAR, 11.5, 8, 330, left_x, y - 6)
    # National name and motto (right).
    y = PAGE_HEIGHT - 66
    fitted_width_line(
        canvas, clean(doc.texts.national_name), FONT_BOLD, 12.5, 8, 380, right_x, y
    )
    motto = clean(doc.texts.national_motto)
    size = fitted_width_line(canvas, motto, FONT_BOLD, 13, 8, 380, right_x, y - 16)
    half = stringWidth(motto, FONT_BOLD, size) / 2
    canvas.setLineWidth(0.8)
    canvas.line(right_x - half, y - 23, right_x + half, y - 23)
    # Title.
    canvas.setFillColor(toColor(doc.colours.primary))
    fitted_width_line(
        canvas,
        clean(doc.texts.title),
        FONT_BOLD,
        34,
        16,
        700,
        PAGE_WIDTH / 2,
        PAGE_HEIGHT - 150,
    )


def _draw_middle(canvas: Canvas, doc: CertificateDocument) -> None:
    blocks = _layout_middle(doc)
    total = sum(b.height for b in blocks)
    available = MIDDLE_TOP - MIDDLE_BOTTOM
    y = MIDDLE_TOP - max(0.0, (available - total) / 2)
    for block in blocks:
        y -= block.gap_before
        canvas.setFont(block.font, block.size)
        canvas.setFillColor(toColor(block.colour))
        for line in block.lines:
            y -= block.leading
            canvas.drawCentredString(PAGE_WIDTH / 2, y + block.size * 0.3, line)


def _draw_image(canvas, data: bytes, cx: float, cy: float, w: float, h: float):
    reader = ImageReader(io.BytesIO(data))
    iw, ih = reader.getSize()
    ratio = min(w / iw, h / ih)
    dw, dh = iw * ratio, ih * ratio
    canvas.drawImage(
        reader, cx - dw / 2, cy - dh / 2, dw, dh, mask="auto", preserveAspectRatio=True
    )


def _draw_signer(canvas: Canvas, doc: CertificateDocument) -> None:
    cx = PAGE_WIDTH - 215
    canvas.setFillColor(toColor(doc.colours.text))
    place_date = ", ".join(
        part for part in (clean(doc.issue_place), clean(doc.issue_date_text)) if part
    )
    fitted_width_line(canvas, place_date, FONT_ITALIC, 12.5, 8, 330, cx, 198)
    y = 180
    for line in [clean(line) for line in doc.signer_title_lines if clean(line)][:3]:
        fitted_width_line(canvas, line.upper(), FONT_BOLD, 12.5, 8, 330, cx, y)
        y -= 15
    if doc.seal_image:
        _draw_image(canvas, doc.seal_image, cx - 55, 112, 96, 96)
    if doc.signature_image:
        _draw_image(canvas, doc.signature_image, cx, 110, 170, 62)
    if clean(doc.signer_name):
        fitted_width_line(canvas, clean(doc.signer_name), FONT_BOLD, 14, 8, 330, cx, 58)


#: The QR's printed size in points (53 mm), its quiet zone in modules. Measured
#: with bench/qr_paper.py (figures in docs/certificates.md): a payload of every
#: printed fact is a version 19–23 symbol, ≈0.5 mm a module here, which zbar
#: and zxing read from the PDF rendered at 100 dpi and from a blurred, noisy,
#: rotated grey copy at 150 dpi; at the former 104 pt (0.35 mm) neither did.
QR_SIZE = 150.0
QR_BORDER = 2
QR_LEFT, QR_BOTTOM = 44.0, 40.0


QR_PIXELS_PER_MODULE = 4


def _draw_qr(canvas: Canvas, text: str) -> None:
    """The QR as a grey image, 4 pixels a module (nearest-neighbour upscaled).

    Drawn as an image rather than ~2,000 vector rectangles: writing the
    rectangles' numbers into the PDF cost as much as encoding the QR. Four
    sharp pixels a module keep the edges crisp when a viewer or a printer
    smooths the image (the smoothing stays within a quarter module).
    """
    image = qr_image(text, border=QR_BORDER, scale=QR_PIXELS_PER_MODULE)
    canvas.drawImage(ImageReader(image), QR_LEFT, QR_BOTTOM, QR_SIZE, QR_SIZE)


def _draw_verification(canvas: Canvas, doc: CertificateDocument) -> None:
    _draw_qr(canvas, doc.qr_text)
    canvas.setFillColor(toColor(doc.colours.text))
    x, y, width = QR_LEFT + QR_SIZE + 8, QR_BOTTOM + QR_SIZE - 20, 215.0
    lines: list[tuple[str, str, float]] = [
        (clean(doc.texts.verify_label), FONT_ITALIC, 9)
    ]
    base = clean(doc.verify_base_url or doc.verification_url)
    lines += [(part, FONT_REGULAR, 9) for part in wrap(base, FONT_REGULAR, 9, width)]
    if clean(doc.verification_code):
        lines.append((clean(doc.texts.code_label), FONT_ITALIC, 9))
        lines.append((clean(doc.verification_code), FONT_BOLD, 9))
    for text, font, font_size in lines:
        canvas.setFont(font, font_size)
        canvas.drawString(x, y, text)
        y -= font_size * 1.35


def certificate_pdf(doc: CertificateDocument, *, invariant: bool = False) -> bytes:
    """Render one certificate; ``invariant`` gives byte-identical output."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        invariant=int(invariant),
        pageCompression=1,
        initialFontName=FONT_REGULAR,
        initialFontSize=12,
    )
    canvas.setTitle(f"{clean(doc.texts.title)} {clean(doc.serial)}")
    canvas.setAuthor(" ".join(clean(line) for line in doc.issuer_lines))
    canvas.setSubject(clean(doc.course_title))
    canvas.setCreator("SHTT Hậu Giang")
    canvas.setKeywords(KEYWORDS_PREFIX + doc.qr_text)
    _draw_frame(canvas, doc)
    _draw_header(canvas, doc)
    _draw_middle(canvas, doc)
    _draw_signer(canvas, doc)
    _draw_verification(canvas, doc)
    if doc.revoked is not None:
        draw_stamp(canvas, doc.revoked, cx=PAGE_WIDTH / 2, cy=PAGE_HEIGHT / 2 - 20)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def hex_colour(value: str, default: str) -> str:
    """``value`` if it is a usable #rrggbb colour, else ``default``."""
    try:
        HexColor(value)
    except (ValueError, TypeError):
        return default
    return value if str(value).startswith("#") and len(str(value)) == 7 else default
