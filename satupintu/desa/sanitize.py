"""Article HTML is written by village operators (often pasted from word processors); the public sees it, so only a
small safe subset survives: no scripts, styles, event handlers, frames or javascript:/data: URLs."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "ul", "ol", "li", "h2", "h3", "h4",
    "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td", "caption", "hr", "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    """Keep the safe subset; `script`/`style` are dropped with their content, other unknown tags are unwrapped."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def plain_text(html: str, limit: int = 300) -> str:
    text = " ".join(nh3.clean(html or "", tags=set()).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
