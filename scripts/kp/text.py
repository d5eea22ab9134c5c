"""Unicode text handling for English, Hindi and Bengali.

Python's ``re`` treats Indic vowel signs as word boundaries (``\\bभारत\\b`` matches inside
``भारतीय``) and NFC decomposes the nukta letters, so every matcher in kp goes through this
module: text is *folded* (NFC, case-folded, joiners dropped, native digits read as ASCII)
into a string that keeps, for each of its characters, the index of the character it came
from. Matches are found in the folded text and reported at the original position.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

WORD_CHAR = r"[\p{L}\p{M}\p{Nd}\u200c\u200d]"
"""A character that continues a word in any of the three scripts (vowel signs and joiners included)."""

WORD_START = rf"(?<!{WORD_CHAR})"
WORD_END = rf"(?!{WORD_CHAR})"

IGNORABLE = frozenset("\u200c\u200d\u00ad\u2060\ufeff")
"""Zero-width joiners, soft hyphen, word joiner and BOM: meaningful in print, ignored when matching."""

DANDA = "\u0964"
DOUBLE_DANDA = "\u0965"

_DIGITS = {
    "devanagari": "०१२३४५६७८९",
    "bengali": "০১২৩৪৫৬৭৮৯",
}
LANGUAGE_DIGITS = {"hi": "devanagari", "bn": "bengali"}


@dataclass(frozen=True)
class Folded:
    """Text prepared for matching, with a map back to the original.

    ``origin[i]`` is the index in the original text of the character that produced
    ``text[i]``; ``origin[len(text)]`` is the length of the original. A match
    ``[start, end)`` maps back to ``[origin[start], ends[end - 1])``: whole clusters, without
    a trailing joiner.
    """

    text: str
    origin: tuple[int, ...]
    ends: tuple[int, ...] = ()  # end in the original of the cluster each character came from

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` of the folded range ``[start, end)``."""
        if end <= start:
            at = self.origin[start]
            return at, at
        return self.origin[start], self.ends[end - 1]


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M") or unicodedata.combining(char) != 0


def _chunks(text: str):
    """Yield ``(start, chunk)``: a base character with the marks that follow it."""
    start = 0
    n = len(text)
    while start < n:
        end = start + 1
        while end < n and (_is_mark(text[end]) or text[end] in IGNORABLE):
            end += 1
        yield start, text[start:end]
        start = end


_NATIVE_TO_ASCII = str.maketrans({**{d: str(i) for i, d in enumerate(_DIGITS["devanagari"])},
                                  **{d: str(i) for i, d in enumerate(_DIGITS["bengali"])}})
_IGNORABLE_PATTERN = regex.compile("[" + "".join(IGNORABLE) + "]")
_NEEDS_CLUSTERS = regex.compile(r"[\u0958-\u095F\u09DC\u09DD\u09DF]")  # NFC decomposes these


@lru_cache(maxsize=8192)
def fold(text: str, *, casefold: bool = True) -> Folded:
    """Fold ``text`` for matching: NFC, case-folded, joiners dropped, digits as ASCII.

    Normalisation is done per base character and its marks, so that every folded
    character maps back to the cluster it came from; Bengali two-part vowel signs
    (ে + া -> ো) and nukta letters compare equal in either encoding. Text that is
    already NFC, has no joiners and keeps its length when case-folded (nearly all
    text) takes a fast path with a one-to-one map. Results are cached: every check
    folds the same segments.
    """
    if (
        unicodedata.is_normalized("NFC", text)
        and not _IGNORABLE_PATTERN.search(text)
        and not _NEEDS_CLUSTERS.search(text)
    ):
        folded = text.casefold() if casefold else text
        if len(folded) == len(text) and unicodedata.is_normalized("NFC", folded):
            folded = folded.translate(_NATIVE_TO_ASCII)
            if folded.isascii() or not any(unicodedata.category(c) == "Nd" and not c.isascii() for c in folded):
                size = len(text)
                return Folded(folded, tuple(range(size + 1)), tuple(range(1, size + 1)))
    return _fold_clusters(text, casefold)


def _fold_clusters(text: str, casefold: bool) -> Folded:
    out: list[str] = []
    origin: list[int] = []
    ends: list[int] = []
    for start, chunk in _chunks(text):
        kept = "".join(c for c in chunk if c not in IGNORABLE)
        if not kept:
            continue
        end = start + len(chunk.rstrip("".join(IGNORABLE)))
        folded = unicodedata.normalize("NFC", kept)
        if casefold:
            folded = unicodedata.normalize("NFC", folded.casefold())
        for char in folded:
            value = unicodedata.digit(char, None) if unicodedata.category(char) == "Nd" else None
            out.append(str(value) if value is not None else char)
            origin.append(start)
            ends.append(end)
    origin.append(len(text))
    return Folded("".join(out), tuple(origin), tuple(ends))


def fold_term(term: str) -> str:
    """Fold a glossary or registry term the same way as the text it is matched in."""
    return fold(term).text


CLITICS = {"bn": "(?:ও|ই)?"}
"""Emphatic particles that Bengali writes joined to a word (খদ্দেরকেও, পতিতাই)."""


def term_pattern(terms, *, flexible_space: bool = True, clitics: str = "") -> str:
    """A pattern matching any of the (already folded) ``terms`` as whole words.

    Longer terms are tried first so that "child prostitutes" wins over "child prostitute";
    spaces in a term match any run of white space, including a line break inside a paragraph.
    ``clitics`` is a pattern for particles allowed to follow the term inside the same word.
    """
    space = r"\s+" if flexible_space else " "
    return WORD_START + "(?:" + trie_pattern(sorted(set(terms)), space) + ")" + clitics + WORD_END


def trie_pattern(terms: list[str], space: str = r"\s+") -> str:
    """An alternation of ``terms`` with common prefixes factored out (a trie as a pattern).

    A flat alternation of hundreds of phrases is tried phrase by phrase at every position;
    the trie form tries each character once. Longer continuations come first, so the longest
    phrase wins, as in the flat form sorted by length.
    """
    trie: dict = {}
    for term in terms:
        node = trie
        for char in " ".join(term.split()):
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [
            (space if char == " " else regex.escape(char)) + build(child)
            for char, child in sorted(node.items(), key=lambda item: item[0])
            if char != ""
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


_WORDS = regex.compile(r"[\p{L}\p{M}\p{Nd}]+")
PREFIX = 3
"""Characters of a word's start that the prefilter compares (so suffixes and clitics still pass)."""


@lru_cache(maxsize=8192)
def word_prefixes(folded_text: str) -> frozenset:
    """The starts of the words in a folded text, for :class:`PhraseMatcher`'s prefilter."""
    return frozenset(word[:PREFIX] for word in _WORDS.findall(folded_text))


class PhraseMatcher:
    """Whole-word matching of many folded phrases, skipping texts that cannot contain any.

    An alternation of hundreds of phrases is slow to run over every paragraph, and almost
    every paragraph contains none of them. Each phrase is keyed by the start of its longest
    word; a text is searched only if one of its words starts the same way.
    """

    def __init__(self, pattern: str, phrases):
        self.pattern = regex.compile(pattern)
        self.keys = set()
        self.always = False
        for phrase in phrases:
            found = _WORDS.findall(phrase)
            if not found:
                self.always = True
            else:
                self.keys.add(max(found, key=len)[:PREFIX])

    def possible(self, folded_text: str) -> bool:
        return self.always or not self.keys.isdisjoint(word_prefixes(folded_text))

    def finditer(self, folded_text: str):
        return self.pattern.finditer(folded_text) if self.possible(folded_text) else iter(())

    def search(self, folded_text: str):
        return self.pattern.search(folded_text) if self.possible(folded_text) else None


def phrase_matcher(phrases, *, clitics: str = "") -> PhraseMatcher | None:
    """A :class:`PhraseMatcher` for phrases as people write them (folded here), or None if none."""
    folded = {" ".join(fold_term(p).split()) for p in phrases if p.strip()}
    return PhraseMatcher(term_pattern(folded, clitics=clitics), folded) if folded else None


def parse_number(digits: str) -> int | None:
    """The value of a run of digits in one script, or None for a mixed-script run.

    ``int('३7०')`` is 370 in Python; a citation written that way is a typo, not section 370.
    """
    if not digits:
        return None
    scripts = {_script_of_digit(d) for d in digits}
    if len(scripts) != 1 or None in scripts:
        return None
    return int("".join(str(unicodedata.digit(d)) for d in digits))


def _script_of_digit(char: str) -> str | None:
    if "0" <= char <= "9":
        return "ascii"
    for script, digits in _DIGITS.items():
        if char in digits:
            return script
    return None


def to_native_digits(text: str, lang: str) -> str:
    """Write ASCII digits in ``text`` in the script of ``lang`` (unchanged for English)."""
    script = LANGUAGE_DIGITS.get(lang)
    if script is None:
        return text
    table = str.maketrans("0123456789", _DIGITS[script])
    return text.translate(table)


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of ``text`` starts (lines end at ``\\n``)."""
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts
