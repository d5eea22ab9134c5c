"""Search indexes for the site, one per language, that work offline and in Indic scripts.

lunr (Material's search) has no Bengali support, trims Bengali words to nothing when Hindi
is indexed beside them, and keeps the danda on words. kp indexes each language separately
with the same folding as its checks (NFC, case, joiners, native digits as ASCII) and splits
words on Unicode letter, mark and digit classes, so "धारा ३७०" is found by "धारा 370" and a
word before a danda is found. The index is a small JavaScript file, so search works from
``file://`` as well as from a server; the browser side (``assets/kp/kp.js``) folds queries
the same way.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import regex

from .text import fold

_WORD = regex.compile(r"[\p{L}\p{M}\p{Nd}]+")
_TAG = regex.compile(r"<[^>]+>")
_SPLIT = regex.compile(r'(?=<h[1-6][^>]*\bid="[^"]+")')
_HEADING = regex.compile(r'<h([1-6])[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', regex.S)
_DROP = regex.compile(
    r"<(script|style)\b.*?</\1>|<a class=\"headerlink\".*?</a>|<p class=\"kp-downloads\">.*?</p>", regex.S
)


def words(text: str) -> list[str]:
    """Folded words of ``text``: what the index stores and what a query is split into."""
    return _WORD.findall(fold(text).text)


def plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", _DROP.sub(" ", fragment))).split())


@dataclass(frozen=True)
class Section:
    url: str  # page URL with the section's anchor
    page_title: str
    heading: str
    text: str


def sections(url: str, title: str, content_html: str) -> list[Section]:
    """A page's HTML split at each heading with an id."""
    out = []
    for piece in _SPLIT.split(content_html):
        match = _HEADING.match(piece)
        anchor = match.group(2) if match else ""
        heading = plain(match.group(3)) if match else title
        text = plain(piece[match.end():] if match else piece)
        if not text and not match:
            continue
        out.append(Section(url + (f"#{anchor}" if anchor and match.group(1) != "1" else ""), title, heading, text))
    return out


def entries(all_sections: list[Section]) -> list[list]:
    """Each section as the index holds it: ``[url, page title, heading, snippet, [words]]``.

    A page's entries depend on its URL, title and HTML only, so a build can keep them.
    """
    return [
        [s.url, s.page_title, s.heading, s.text[:180], sorted(set(words(f"{s.page_title} {s.heading} {s.text}")))]
        for s in all_sections
    ]


def build_index(all_sections: list[Section] | None = None, *, from_entries: list[list] | None = None) -> dict:
    """``{"docs": [[url, page title, heading, snippet], ...], "words": {word: [doc, ...]}}``."""
    docs, postings = [], {}
    for number, (*doc, found) in enumerate(from_entries if from_entries is not None else entries(all_sections)):
        docs.append(doc)
        for word in found:
            postings.setdefault(word, []).append(number)
    return {"docs": docs, "words": dict(sorted(postings.items()))}


def index_script(index: dict) -> str:
    """The index as a script that sets ``window.kpSearchIndex`` (loadable from file://)."""
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return "window.kpSearchIndex=" + data.replace("</", "<\\/") + ";\n"
