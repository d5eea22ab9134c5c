"""Finding legal citations in prose, in the forms writers use in English, Hindi and Bengali.

"Section 370 IPC", "S. 370 of the IPC", "u/s 370/370A IPC", "Sections 3 to 6 of the ITPA",
"370 r/w 120B IPC", "section 17A of the said Act", "भारतीय दंड संहिता की धारा 370",
"धारा ३७० भा.दं.सं.", "370 धारा", "धारा 366क", "ভারতীয় দণ্ডবিধির ৩৭০ ধারা", "Art. 3(a) of the
Trafficking Protocol". Text is folded first (NFC, lower case, native digits as ASCII), then
a small grammar is run: a *marker* (section, धारा, ধারা, article ...) with a *number list*,
joined to an *act* written before or after it. A number with no marker and no act is never a
citation, so years, phone numbers and page numbers are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .statutes import Registry
from .text import WORD_END, WORD_START, PhraseMatcher, fold, parse_number, trie_pattern

HINDI_LETTER_SUFFIX = dict(zip("कखगघङचछजझ", "ABCDEFGHI"))
BENGALI_LETTER_SUFFIX = dict(zip("কখগঘঙচছজঝ", "ABCDEFGHI"))
# Latin letters spelt out in Devanagari or Bengali script: 370ए, ৩৫৭এ (370A, 357A).
SPELT_SUFFIX = {"ए": "A", "बी": "B", "सी": "C", "डी": "D", "এ": "A", "বি": "B", "সি": "C", "ডি": "D"}

_MARKER = regex.compile(
    WORD_START
    + r"(?:(?P<article>articles?|arts?\.|art|अनुच्छेद(?:ों)?|অনুচ্ছেদ(?:ের|ে)?)"
    + r"|(?P<section>sections?|secs?\.|sec|u/ss?\.?|ss?\.|"
    + r"धाराओं|धाराएँ|धाराएं|धारा|ধারাসমূহ|ধারায়|ধারার|ধারা))"
    + r"(?![\p{L}\p{M}])"
)
_NUMBER = regex.compile(
    r"(?P<num>\d{1,4})(?P<suffix>[a-z]{1,2}(?![\p{L}\p{M}])|[कखगघङचछजझকখগঘঙচছজঝ](?!\p{M})(?![\p{L}])"
    r"|(?:ए|बी|सी|डी|এ|বি|সি|ডি)(?![\p{L}\p{M}]))?"
    r"(?P<sub>(?:\s?\(\s?[0-9a-z\p{L}\p{M}]{1,4}\s?\))*)"
    + WORD_END
)
_SEPARATOR = regex.compile(
    r"\s*(?:(?P<range>to|-|–|से|থেকে)|(?P<rw>r/w|read\s+with|सपठित|সহ)|/|,|&|and|or|व|और|तथा|एवं|ও|এবং)\s*"
    + r"(?P<marker>(?:sections?|secs?\.|ss?\.|धारा|ধারা)\s*)?"
)
_ACT_LINK_AFTER = regex.compile(r"[ \t\n]*(?:,[ \t\n]*)?(?:(?:of|under|in)[ \t\n]+(?:the[ \t\n]+)?|the[ \t\n]+)?")
_ACT_LINK_BEFORE = regex.compile(r"(?:[ \t\n]+(?:की|के|का|में)|,)?[ \t\n]*$")
_SAID = regex.compile(
    WORD_START
    + r"(?:said\s+act|this\s+act|(?<=the\s)act|उक्त\s+अधिनियम|इस\s+अधिनियम|উক্ত\s+আইনের?|এই\s+আইনের?)"
    + WORD_END
)
_UNKNOWN_ACT = regex.compile(
    r"[ \t\n]*,?[ \t\n]*of[ \t\n]+the[ \t\n]+(?P<name>(?:[\p{L}()'’.&-]+[ \t\n]+){0,8}?act)(?:,?[ \t\n]+\d{4})?" + WORD_END
)
_YEAR_AFTER = regex.compile(r",?[ \t\n]*(?:\d{4})" + WORD_END)
_NUMBER_START = regex.compile(r"(?<![\p{L}\p{M}\p{Nd}/])\d")
_HEADING_AFTER = regex.compile(r"[ \t\n]*[(\[]\s*(?P<h>[^()\[\]\d]{3,160}?)\s*[)\]]")


@dataclass(frozen=True)
class Citation:
    """One provision cited in a piece of text, at its place in that text."""

    start: int  # the whole citation, in the original text
    end: int
    number_start: int  # the number of this provision
    number_end: int
    act: str | None  # act id, None when the act is not named
    section: str  # canonical number with capital suffix: "370A"
    subsection: str  # "(1)(a)"
    unit: str  # "section" | "article"
    group: int  # provisions cited together share a group
    unknown_act: str | None = None  # an act named but not in the registry
    heading: str | None = None  # a heading written in brackets after the citation

    @property
    def key(self) -> tuple[str | None, str]:
        return self.act, self.section


class CitationFinder:
    """Finds citations using the act names in a :class:`Registry`."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.names = registry.name_index()
        names = sorted(self.names, key=len, reverse=True)
        alternatives = trie_pattern(names) if names else "(?!)"
        # Bengali joins the genitive to the name: দণ্ডবিধির, আইনের.
        pattern = WORD_START + rf"(?P<name>{alternatives})(?P<gen>-?(?:র|এর|ের))?" + r"(?![\p{L}\p{M}\p{Nd}\u200c\u200d])"
        self.act_pattern = regex.compile(pattern)
        self.acts_matcher = PhraseMatcher(pattern, names)
        self._acts_memo: dict[str, list] = {}

    def act_names(self, text: str) -> list[tuple[int, int]]:
        """Spans of the act names in a folded text (for counting its year as part of the name)."""
        return [(start, end) for start, end, act in self._acts(text) if act != "SAID"]

    def _acts(self, text: str):
        cached = self._acts_memo.get(text)
        if cached is not None:
            return cached
        if len(self._acts_memo) > 4096:
            self._acts_memo.clear()
        found = []
        for match in self.acts_matcher.finditer(text):
            key = " ".join(match.group("name").split())
            found.append((match.start(), match.end(), self.names.get(key)))
        for match in _SAID.finditer(text):
            found.append((match.start(), match.end(), "SAID"))
        found.sort()
        self._acts_memo[text] = found
        return found

    def find(self, text: str, last_act: str | None = None) -> tuple[list[Citation], str | None]:
        """Citations in ``text``; ``last_act`` resolves "the said Act" from earlier text.

        Returns the citations and the act most recently named, to carry to the next text.
        """
        folded = fold(text)
        ftext = folded.text
        acts = self._acts(ftext)
        act_at_start = {start: (end, act) for start, end, act in acts}
        act_at_end = {end: (start, act) for start, end, act in acts}
        results: list[Citation] = []
        taken: list[tuple[int, int]] = []
        group = 0

        def overlaps(start, end):
            return any(s < end and start < e for s, e in taken)

        for marker in _MARKER.finditer(ftext):
            if overlaps(marker.start(), marker.end()):
                continue
            unit = "article" if marker.group("article") else "section"
            numbers, list_end = self._number_list(ftext, _skip_space(ftext, marker.end()))
            start = marker.start()
            if not numbers:
                # "370 धारा" / "৩৭০ ধারা": the number comes before the marker.
                numbers, list_start = self._number_list_before(ftext, marker.start())
                if not numbers:
                    continue
                start, list_end = list_start, marker.end()
            act, act_start, act_end, unknown = self._act_around(ftext, start, list_end, act_at_start, act_at_end, acts)
            if act_start is not None and act_start < start:
                # The act was named before the marker; a later "and section N" starts a new citation.
                cut = next((i for i, (_, _, remarked) in enumerate(numbers) if remarked), len(numbers))
                if cut < len(numbers):
                    numbers = numbers[:cut]
                    list_end = numbers[-1][0].end()
                    act_end = list_end
            cstart, cend = min(start, act_start if act_start is not None else start), max(list_end, act_end or list_end)
            group += 1
            results.extend(self._citations(folded, text, numbers, act, unit, group, cstart, cend, unknown))
            taken.append((cstart, cend))
        # "370 r/w 120B IPC", "370/370A IPC": numbers joined by r/w or "/" directly before an act.
        for start, end, act in acts:
            if act in (None, "SAID") or overlaps(start, end):
                continue
            numbers, list_start = self._number_list_before(ftext, start, require_join=True)
            if numbers:
                group += 1
                results.extend(self._citations(folded, text, numbers, act, "section", group, list_start, end, None))
                taken.append((list_start, end))
        results.sort(key=lambda c: (c.start, c.number_start))
        # Walk citations and stand-alone act names in order, so that "the said Act"
        # resolves to the act named last before it.
        mentions = [
            (start, None, act)
            for start, _end, act in acts
            if act not in (None, "SAID") and not any(c.start <= folded.span(start, start + 1)[0] < c.end for c in results)
        ]
        events = sorted(
            [(folded.span(start, start + 1)[0], 1, act) for start, _, act in mentions]
            + [(c.start, 0, c) for c in results],
            key=lambda event: (event[0], event[1]),
        )
        resolved = []
        for _, kind, item in events:
            if kind == 1:
                last_act = item
                continue
            if item.act == "SAID":
                item = _replace_act(item, last_act)
            elif item.act is not None:
                last_act = item.act
            resolved.append(item)
        return resolved, last_act

    def _number_list(self, ftext: str, at: int):
        """Numbers starting at ``at``: ``370/370A``, ``3 to 6``, ``5(1)(a)``, ``370 r/w 120B``."""
        numbers = []
        position = at
        pending_range = False
        remarked = False
        while True:
            match = _NUMBER.match(ftext, position)
            if not match:
                break
            numbers.append((match, pending_range, remarked))
            position = match.end()
            separator = _SEPARATOR.match(ftext, position)
            if not separator or not _NUMBER.match(ftext, separator.end()):
                break
            pending_range = bool(separator.group("range"))
            remarked = bool(separator.group("marker"))
            position = separator.end()
        return numbers, position

    def _number_list_before(self, ftext: str, end: int, require_join: bool = False):
        """A number list that ends just before ``end`` (white space between)."""
        head = ftext[:end].rstrip()
        if len(head) == end and not require_join:
            return [], end
        window_start = max(0, len(head) - 80)
        best = None
        for candidate in _NUMBER_START.finditer(head[window_start:]):
            at = window_start + candidate.start()
            numbers, list_end = self._number_list(ftext, at)
            if numbers and list_end == len(head):
                best = (numbers, at)
                break
        if best is None:
            return [], end
        numbers, at = best
        if require_join:
            joined = ftext[numbers[0][0].end() : numbers[-1][0].start()] if len(numbers) > 1 else ""
            if "/" not in joined and "r/w" not in joined and "read" not in joined:
                return [], end
        return numbers, at

    def _act_around(self, ftext, start, list_end, act_at_start, act_at_end, acts):
        """The act of a citation: written just before it ("भारतीय दंड संहिता की धारा 370"), or
        right after the numbers ("Section 370 IPC"). An act before it and only a comma between
        ("POCSO Act, Section 19") yields to an act right after the numbers ("JJ Act, Section 96
        BNS")."""
        before, joined_by_comma = self._act_before(ftext, start, act_at_end)
        if before is not None and not joined_by_comma:
            return before[1], before[0], list_end, None
        link = _ACT_LINK_AFTER.match(ftext, list_end)
        after = act_at_start.get(link.end()) if link else None
        if after is None and link:
            year = _YEAR_AFTER.match(ftext, list_end)
            if year:
                later = _ACT_LINK_AFTER.match(ftext, year.end())
                after = act_at_start.get(later.end()) if later else None
        if after is not None:
            act_end, act = after
            year = _YEAR_AFTER.match(ftext, act_end)
            if year and act not in (None, "SAID"):
                act_end = year.end()
            return act, link.end(), act_end, None
        if before is not None:
            return before[1], before[0], list_end, None
        unknown = _UNKNOWN_ACT.match(ftext, list_end)
        if unknown and not _SAID.fullmatch("the " + unknown.group("name")):
            return None, None, unknown.end(), unknown.group("name")
        return None, None, None, None

    def _act_before(self, ftext, start, act_at_end):
        """An act just before the marker, as ((start, act), joined only by a comma)."""
        window = ftext[max(0, start - 12) : start]
        before = _ACT_LINK_BEFORE.search(window)
        if before is None:
            return None, False
        boundary = start - (len(window) - before.start())
        hit = act_at_end.get(boundary)
        comma = "," in before.group(0)
        if hit is None:
            year = regex.search(r",?\s*\d{4}$", ftext[max(0, boundary - 8) : boundary])
            if year:
                hit = act_at_end.get(boundary - len(year.group(0)))
                comma = comma or "," in year.group(0)
        return hit, comma

    def _citations(self, folded, text, numbers, act, unit, group, cstart, cend, unknown):
        start, end = folded.span(cstart, cend)
        citations = []
        previous = None
        for match, is_range, _ in numbers:
            number = int(match.group("num"))
            suffix = _suffix(match.group("suffix"))
            subsection = "".join((match.group("sub") or "").split())
            nstart, nend = folded.span(match.start(), match.end())
            digits_start, digits_end = folded.span(match.start("num"), match.end("num"))
            if parse_number(text[digits_start:digits_end]) is None:
                continue  # "३7०" mixes scripts: a typo, not section 370
            if is_range and previous is not None and not suffix and 0 < number - previous < 60:
                for between in range(previous + 1, number):
                    citations.append(Citation(start, end, nstart, nend, act, str(between), "", unit, group, unknown))
            citations.append(
                Citation(start, end, nstart, nend, act, f"{number}{suffix}", subsection, unit, group, unknown)
            )
            previous = number
        heading = _HEADING_AFTER.match(folded.text, cend)
        if heading and not any(c.isdigit() for c in heading.group("h")) and not self.act_pattern.search(heading.group("h")):
            hs, he = folded.span(heading.start("h"), heading.end("h"))
            citations = [
                Citation(**{**c.__dict__, "heading": text[hs:he]}) if i == len(citations) - 1 else c
                for i, c in enumerate(citations)
            ]
        return citations


def _suffix(raw: str | None) -> str:
    if not raw:
        return ""
    if raw in HINDI_LETTER_SUFFIX:
        return HINDI_LETTER_SUFFIX[raw]
    if raw in BENGALI_LETTER_SUFFIX:
        return BENGALI_LETTER_SUFFIX[raw]
    if raw in SPELT_SUFFIX:
        return SPELT_SUFFIX[raw]
    return raw.upper()


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\n-–:":
        at += 1
    return at


def _replace_act(citation: Citation, act: str | None) -> Citation:
    return Citation(**{**citation.__dict__, "act": act})
