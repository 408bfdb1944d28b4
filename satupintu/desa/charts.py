"""Charts as inline SVG drawn on the server: nothing to download or run on a cheap phone, readable without JS.

Each chart has role="img", a <title> and an aria-label; the same figures are always also shown as a table."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360
PALETTE = ["#0b5394", "#1e6b2f", "#8a4b00", "#6a1b9a", "#a1162c", "#00695c", "#4e342e", "#37474f"]


def _svg(height: int, title: str, body: list[str], css_class: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every label is escaped above; numbers are formatted by us
        f'<svg class="chart {css_class}" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def bar_chart(items: list[tuple[str, Decimal | int, str]], *, title: str, css_class: str = "bars") -> SafeString:
    """Horizontal bars; items are (label, value, value label). The label sits above its bar to fit narrow screens."""
    top = max((Decimal(v) for _l, v, _t in items), default=Decimal("0"))
    row_h = 40
    body = []
    for i, (label, value, value_label) in enumerate(items):
        y = i * row_h
        width = 0 if not top else float(Decimal(value) / top) * (WIDTH - 4)
        body.append(
            f'<text x="0" y="{y + 13}" font-size="12" fill="#1a1a1a">{escape(label)} — {escape(value_label)}</text>'
            f'<rect class="bar" x="0" y="{y + 18}" width="{max(width, 1.5):.1f}" height="14" rx="2" '
            f'fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(label)}: {escape(value_label)}</title></rect>'
        )
    return _svg(max(row_h * len(items), 20), title, body, css_class)


def percent_chart(items: list[tuple[str, Decimal | None]], *, title: str) -> SafeString:
    """Realisation as a percentage of the budget, bars on a 0–100 % track (values above 100 % are capped)."""
    row_h = 40
    body = []
    for i, (label, percent) in enumerate(items):
        y = i * row_h
        shown = "—" if percent is None else f"{percent:.1f} %".replace(".", ",")
        width = 0 if percent is None else min(float(percent), 100.0) / 100 * (WIDTH - 4)
        body.append(
            f'<text x="0" y="{y + 13}" font-size="12" fill="#1a1a1a">{escape(label)} — {escape(shown)}</text>'
            f'<rect x="0" y="{y + 18}" width="{WIDTH - 4}" height="14" rx="2" fill="#e6e9ed"/>'
            f'<rect class="bar" x="0" y="{y + 18}" width="{max(width, 1.5):.1f}" height="14" rx="2" fill="#1e6b2f">'
            f"<title>{escape(label)}: {escape(shown)}</title></rect>"
        )
    return _svg(max(row_h * len(items), 20), title, body, "percent")


def pyramid(rows: list[tuple[str, int, str, int, str]], *, title: str, left: str, right: str) -> SafeString:
    """Population pyramid. Rows (age label, male value, male text, female value, female text), oldest first.

    Values must already be the published (rounded/suppressed) figures: bar lengths must not leak exact counts."""
    row_h = 18
    head = 20
    mid = WIDTH / 2
    label_w = 44
    half = mid - label_w / 2 - 2
    top = max([max(m, f) for _a, m, _mt, f, _ft in rows] + [1])
    body = [
        f'<text x="{mid - label_w / 2 - 4}" y="13" font-size="12" text-anchor="end" fill="#0b5394">{escape(left)}</text>',
        f'<text x="{mid + label_w / 2 + 4}" y="13" font-size="12" fill="#a1162c">{escape(right)}</text>',
    ]
    for i, (age, male, male_text, female, female_text) in enumerate(rows):
        y = head + i * row_h
        mw = male / top * (half - 30)
        fw = female / top * (half - 30)
        body.append(
            f'<rect class="bar" x="{mid - label_w / 2 - max(mw, 1):.1f}" y="{y}" width="{max(mw, 1):.1f}" height="{row_h - 4}" fill="#0b5394">'
            f"<title>{escape(left)} {escape(age)}: {escape(male_text)}</title></rect>"
            f'<text x="{mid - label_w / 2 - max(mw, 1) - 3:.1f}" y="{y + 11}" font-size="10" text-anchor="end">{escape(male_text)}</text>'
            f'<text x="{mid}" y="{y + 11}" font-size="10" text-anchor="middle">{escape(age)}</text>'
            f'<rect class="bar" x="{mid + label_w / 2:.1f}" y="{y}" width="{max(fw, 1):.1f}" height="{row_h - 4}" fill="#a1162c">'
            f"<title>{escape(right)} {escape(age)}: {escape(female_text)}</title></rect>"
            f'<text x="{mid + label_w / 2 + max(fw, 1) + 3:.1f}" y="{y + 11}" font-size="10">{escape(female_text)}</text>'
        )
    return _svg(head + row_h * len(rows), title, body, "pyramid")
