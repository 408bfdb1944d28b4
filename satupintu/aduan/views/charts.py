"""Server-rendered SVG bar charts: no JavaScript, no CDN, readable on a phone and printable."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ROW = 26
LABEL_W = 120
BAR_W = 220


def bar_chart(rows: list[tuple[str, int, int | None]], *, legend: tuple[str, str], max_value: int | None = None) -> SafeString:
    """Horizontal bars, one row per label; the optional second value is drawn as a darker bar over the first."""
    if not rows:
        return mark_safe("")
    top = max_value or max(max(a or 0, b or 0) for _, a, b in rows) or 1
    height = ROW * len(rows) + 30
    width = LABEL_W + BAR_W + 50
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(legend[0])}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, a, b) in enumerate(rows):
        y = i * ROW + 4
        wa = round(BAR_W * (a or 0) / top)
        parts.append(f'<text x="{LABEL_W - 6}" y="{y + 15}" text-anchor="end" font-size="11">{escape(label[:18])}</text>')
        parts.append(f'<rect x="{LABEL_W}" y="{y}" width="{wa}" height="18" fill="#9fc5e8"><title>{escape(label)}: {a}</title></rect>')
        if b is not None:
            wb = round(BAR_W * b / top)
            parts.append(f'<rect x="{LABEL_W}" y="{y + 5}" width="{wb}" height="8" fill="#073763"><title>{escape(label)}: {b}</title></rect>')
        parts.append(f'<text x="{LABEL_W + wa + 4}" y="{y + 14}" font-size="11">{a}{"" if b is None else f" / {b}"}</text>')
    ly = ROW * len(rows) + 18
    parts.append(f'<rect x="{LABEL_W}" y="{ly - 10}" width="12" height="12" fill="#9fc5e8"/>'
                 f'<text x="{LABEL_W + 16}" y="{ly}" font-size="11">{escape(legend[0])}</text>')
    if legend[1]:
        parts.append(f'<rect x="{LABEL_W + 110}" y="{ly - 10}" width="12" height="12" fill="#073763"/>'
                     f'<text x="{LABEL_W + 126}" y="{ly}" font-size="11">{escape(legend[1])}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text piece above is escaped
