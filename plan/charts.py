"""Server-rendered SVG charts: no JavaScript, no CDN, fine under a strict CSP.

Each function takes plain numbers and returns SVG markup (labels escaped).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils.safestring import mark_safe

BAR = "#2e6da4"
TARGET = "#c0392b"
MUTED = "#6b7785"


def _fmt(n) -> str:
    return f"{int(n):,}".replace(",", ".") if n is not None else "-"


def _nice_top(value: float) -> int:
    """The smallest round number ≥ value whose quarters are whole numbers."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000):
        if value <= step * 4:
            return step * 4
    return int(-(-value // 10000) * 10000)


def bars_vs_target(
    points: list[dict], *, title: str, width: int = 640, height: int = 260
) -> str:
    """Vertical bars (``value``) with a target tick per column (``target``).

    ``points``: [{"label": "2021", "value": 120, "target": 150}, …]
    """
    left, bottom, top, right = 48, 34, 16, 8
    top_value = _nice_top(
        max(
            [1]
            + [p["value"] or 0 for p in points]
            + [p.get("target") or 0 for p in points]
        )
    )
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(points))
    bar_w = step * 0.6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="plan-chart">',
        f"<title>{escape(title)}</title>",
    ]
    for i in range(5):
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#dde3ea" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="{MUTED}">{_fmt(value)}</text>'
        )
    for i, p in enumerate(points):
        x = left + i * step + (step - bar_w) / 2
        h = plot_h * (p["value"] or 0) / top_value
        y = top + plot_h - h
        label = escape(str(p["label"]))
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
            f'fill="{BAR}"><title>{label}: {_fmt(p["value"])}</title></rect>'
        )
        if p["value"]:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="10" '
                f'text-anchor="middle">{_fmt(p["value"])}</text>'
            )
        if p.get("target"):
            ty = top + plot_h - plot_h * p["target"] / top_value
            parts.append(
                f'<line x1="{x - 4:.1f}" x2="{x + bar_w + 4:.1f}" y1="{ty:.1f}" '
                f'y2="{ty:.1f}" stroke="{TARGET}" stroke-width="3">'
                f"<title>{label}: {_fmt(p['target'])}</title></line>"
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" '
            f'font-size="11" text-anchor="middle">{label}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def horizontal_bars(
    points: list[dict], *, title: str, width: int = 640, label_width: int = 260
) -> str:
    """Horizontal bars for categories: [{"label": …, "value": n, "target": n?}]."""
    row_h, top = 24, 6
    height = top * 2 + row_h * max(1, len(points))
    top_value = max(
        [1] + [p["value"] or 0 for p in points] + [p.get("target") or 0 for p in points]
    )
    plot_w = width - label_width - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="plan-chart">',
        f"<title>{escape(title)}</title>",
    ]
    for i, p in enumerate(points):
        y = top + i * row_h
        label = str(p["label"])
        short = label if len(label) <= 42 else label[:40] + "…"
        w = plot_w * (p["value"] or 0) / top_value
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 16}" font-size="11" '
            f'text-anchor="end"><title>{escape(label)}</title>{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
            f'fill="{BAR}"><title>{escape(label)}: {_fmt(p["value"])}</title></rect>'
            f'<text x="{label_width + w + 4:.1f}" y="{y + 16}" font-size="11">'
            f"{_fmt(p['value'])}</text>"
        )
        if p.get("target"):
            tx = label_width + plot_w * p["target"] / top_value
            parts.append(
                f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{y + 1}" y2="{y + row_h - 1}" '
                f'stroke="{TARGET}" stroke-width="3"/>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
