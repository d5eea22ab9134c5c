"""Search indexes for the site, one per language, that work offline and in Indic scripts.

lunr (Material's search) has no Bengali support, trims Bengali words to nothing when Hindi
is indexed beside them, and keeps the danda on words. kp indexes each language separately
with the same folding as its checks (NFC, case, joiners, native digits as ASCII) and splits
words on Unicode letter, mark and digit classes, so "धारा ३७०" is found by "धारा 370" and a
word before a danda is found. The index is a small JavaScript file, so search works from
``file://`` as well as from a server; the browser side (``assets/kp/kp.js``) folds queries
the same way.

Officers type inflected words: a query word finds every word it begins (so "पीड़ित" finds
"पीड़ितों"), and a light suffix stripper for Hindi and Bengali (:func:`stem`), applied alike
to the index (which holds each word and its stem) and to the query, lets "पीड़ितों" find
"पीड़ित" and "শিশুদের" find "শিশু". The stripper's suffixes travel in the index, so the
browser strips exactly these. Snippets are cut at a space, or else between grapheme
clusters (never inside a conjunct), and end in an ellipsis when cut.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import regex

from .text import fold

SUFFIXES = {
    # Plural and oblique endings of nouns, and the vowel sign that ends a singular
    # (लड़का, लड़के, लड़कों; लड़की, लड़कियाँ, लड़कियों; महिला, महिलाएँ, महिलाओं; बात, बातें, बातों).
    "hi": ["ियाँ", "ियां", "ियों", "ओं", "एँ", "एं", "ों", "ें", "ा", "ि", "ी", "ु", "ू", "े", "ो"],
    # Plural markers and case endings written onto the word (শিশুদের, শিশুকে, শিশুর, শিশুরা,
    # পাচারের, থানায়, বাড়িতে, আদালতে, অভিযোগগুলি, মেয়েটি).
    "bn": ["গুলোকে", "গুলিকে", "গুলোর", "গুলির", "গুলো", "গুলি", "দেরকে", "দের", "েরা", "ের", "কে",
           "রা", "র", "য়", "তে", "ে", "টি", "টা"],
}
"""Suffixes :func:`stem` strips, by language, as folded (NFC) text."""

_SUFFIXES = {
    lang: sorted({fold(suffix).text for suffix in suffixes}, key=lambda s: (-len(s), s))
    for lang, suffixes in SUFFIXES.items()
}
_LETTER = regex.compile(r"\p{L}")
_SPACE = regex.compile(r"\s")
_ROUNDS = 3
SNIPPET = 180
"""The longest snippet, in characters, before its ellipsis."""


def stem(word: str, lang: str) -> str:
    """``word`` (folded) with up to three endings of ``lang`` stripped, longest first, each
    only if at least two letters remain: लड़कियों -> लड़क, পাচারের -> পাচা, थाने -> थान.

    Light by design: it finds a page that says the word another way, at the price of some
    words sharing a stem (धारा and धार); a query still ranks the exact word first.
    """
    suffixes = _SUFFIXES.get(lang)
    if not suffixes:
        return word
    for _ in range(_ROUNDS):
        for suffix in suffixes:
            if word.endswith(suffix) and len(_LETTER.findall(word[: -len(suffix)])) >= 2:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def snippet(text: str, limit: int = SNIPPET) -> str:
    """``text`` cut to at most ``limit`` characters and an ellipsis: at the last space that
    keeps half of it, or else after the last whole grapheme cluster (a conjunct such as
    ক্ত is one), never inside one."""
    if len(text) <= limit:
        return text
    cut = 0
    for cluster in regex.finditer(r"\X", text):
        if cluster.end() > limit:
            break
        cut = cluster.end()
    spaces = [m.start() for m in _SPACE.finditer(text, 0, cut + 1)]
    if spaces and spaces[-1] >= limit // 2:
        cut = spaces[-1]
    return text[:cut].rstrip() + "…"


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


def terms(text: str, lang: str) -> set[str]:
    """What the index holds for ``text``: its folded words and their stems."""
    found = set(words(text))
    return found | {stem(word, lang) for word in found}


def entries(all_sections: list[Section], lang: str = "en") -> list[list]:
    """Each section as the index holds it: ``[url, page title, heading, snippet, [terms]]``.

    A page's entries depend on its URL, title, HTML and language only, so a build can keep them.
    """
    return [
        [s.url, s.page_title, s.heading, snippet(s.text), sorted(terms(f"{s.page_title} {s.heading} {s.text}", lang))]
        for s in all_sections
    ]


def build_index(all_sections: list[Section] | None = None, *, from_entries: list[list] | None = None,
                lang: str = "en") -> dict:
    """``{"lang", "suffixes", "docs": [[url, page title, heading, snippet], ...], "words": {term: [doc, ...]}}``.

    ``suffixes`` are those :func:`stem` strips in ``lang``, for the browser to strip a query's words.
    """
    docs, postings = [], {}
    for number, (*doc, found) in enumerate(from_entries if from_entries is not None else entries(all_sections, lang)):
        docs.append(doc)
        for word in found:
            postings.setdefault(word, []).append(number)
    return {"lang": lang, "suffixes": _SUFFIXES.get(lang, []), "docs": docs, "words": dict(sorted(postings.items()))}


def index_script(index: dict) -> str:
    """The index as a script that sets ``window.kpSearchIndex`` (loadable from file://)."""
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return "window.kpSearchIndex=" + data.replace("</", "<\\/") + ";\n"
