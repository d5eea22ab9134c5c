"""Indian case law: judgments cited by their parties and by the law reports that print them.

A writer cites a judgment by its parties joined by v., vs., versus, बनाम or বনাম ("Vishal Jeet v.
Union of India"), by a report of it ("(1990) 3 SCC 318", "AIR 1990 SC 1412", "2024 INSC 716",
"2022 SCC OnLine SC 704", "1990 Cri LJ 1469", "[1990] 2 SCR 861"), or by both, with parallel
reports joined by commas, colons or "=". As in eyecite's pipeline the module is plain functions
over plain dataclasses: :func:`find_reports` finds reporter citations, :func:`find_case_names`
the parties, :func:`find_cases` joins a name to the reports written right after it, and
:func:`judge` compares a case citation with the judgments that legal_refs.yml records
(:class:`CaseLaw`, read and validated by :func:`load_caselaw`).

Text is folded first (NFC, native digits read as ASCII, case kept: a party name starts with a
capital letter in English). A report needs its reporter's abbreviation, so a year in prose, a
date, a phone number or a section number is never a report; "vs." between two words is a case
only where the parties are in the registry, a report follows, a party is a legal one ("State
of ...", "Union of India", "& Ors.", "राज्य") or a court or judgment is spoken of beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

import regex

from .datafile import Problems
from .text import WORD_CHAR, WORD_END, WORD_START, fold, parse_number

LANGUAGES = ("en", "hi", "bn")

COURTS = {
    "SC": {"en": "Supreme Court of India", "hi": "भारत का सर्वोच्च न्यायालय", "bn": "ভারতের সুপ্রিম কোর্ট"},
    "Cal": {"en": "Calcutta High Court", "hi": "कलकत्ता उच्च न्यायालय", "bn": "কলকাতা হাইকোর্ট"},
    "Del": {"en": "Delhi High Court", "hi": "दिल्ली उच्च न्यायालय", "bn": "দিল্লি হাইকোর্ট"},
    "Bom": {"en": "Bombay High Court", "hi": "बंबई उच्च न्यायालय", "bn": "বোম্বে হাইকোর্ট"},
    "Mad": {"en": "Madras High Court", "hi": "मद्रास उच्च न्यायालय", "bn": "মাদ্রাজ হাইকোর্ট"},
}
"""The courts a registry entry may name (``court: SC``), with their names on the table of cases."""

SERIES = ("SCC", "SCR", "AIR", "INSC", "SCC OnLine", "Cri LJ")
"""The law reports the finder reads: Supreme Court Cases, Supreme Court Reports, All India
Reporter, the Supreme Court's neutral citation, SCC Online and the Criminal Law Journal."""


@dataclass(frozen=True)
class Report:
    """One report of a judgment: series, year, volume, court (AIR and SCC OnLine) and first page."""

    reporter: str  # one of SERIES
    year: int
    volume: str = ""  # SCC and SCR: "3", "Supp", "Supp 2"
    court: str = ""  # AIR and SCC OnLine: "SC", "Del", ...
    page: int = 0

    @property
    def series(self) -> tuple[str, str]:
        """Reports of one series number their pages alike: AIR SC and AIR Cal do not."""
        return self.reporter, self.court

    def __str__(self) -> str:
        volume = self.volume
        if volume.startswith("Supp "):
            volume = f"Supp ({volume[5:]})"
        if self.reporter == "SCR":
            return f"[{self.year}] {volume} SCR {self.page}"
        if self.reporter == "SCC":
            year = f"({self.year})" if volume.isdigit() else str(self.year)
            return f"{year} {volume} SCC {self.page}"
        if self.reporter == "AIR":
            return f"AIR {self.year} {self.court} {self.page}"
        if self.reporter == "SCC OnLine":
            return f"{self.year} SCC OnLine {self.court} {self.page}"
        return f"{self.year} {self.reporter} {self.page}"

    @classmethod
    def parse(cls, text: str) -> Report | None:
        """The report that ``text`` is, written in any form the finder reads; None otherwise."""
        found = find_reports(text.strip())
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(text.strip()):
            return found[0].report
        return None


@dataclass(frozen=True)
class FoundReport:
    """A report written in a text, at its place (offsets in the original text)."""

    start: int
    end: int
    report: Report


@dataclass(frozen=True)
class CaseName:
    """Parties joined by a connector, at their place in a text, with the judgments they name."""

    start: int
    end: int
    first: str  # as written
    second: str
    connector: str
    judgments: tuple[str, ...] = ()  # ids of the registry's judgments with these parties


@dataclass(frozen=True)
class CaseCitation:
    """A judgment cited in a text: its name, the reports written with it, or both, and the date
    or year written right after the name ("(order of 19 May 2022)", "(1997)"), which tells
    apart two judgments between the same parties."""

    start: int
    end: int
    name: CaseName | None
    reports: tuple[FoundReport, ...]
    date: dt.date | None = None
    year: int | None = None

    @property
    def title(self) -> str:
        if self.name is not None:
            return f"{self.name.first} {self.name.connector} {self.name.second}"
        return ", ".join(str(r.report) for r in self.reports)


@dataclass(frozen=True)
class Judgment:
    """A judgment in legal_refs.yml's ``cases`` block."""

    id: str
    parties: dict  # lang -> (first party, second party), the name shown
    names: dict  # lang -> tuple of (first, second): every way of writing the parties
    court: str
    decided: dt.date
    case_number: str | None
    reports: tuple[Report, ...]
    holding: dict  # lang -> one line, in our own words
    source: dict  # fact ("parties", "decided", a report as written, ...) -> tuple of sources
    note: str | None
    line: int

    def title(self, lang: str) -> str:
        first, second = self.parties.get(lang) or self.parties["en"]
        return f"{first} {CONNECTORS[lang if lang in self.parties else 'en']} {second}"


CONNECTORS = {"en": "v.", "hi": "बनाम", "bn": "বনাম"}
"""How each language joins the parties on the pages kp writes."""

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "hi": ("जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"),
    "bn": ("জানুয়ারি", "ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন", "জুলাই", "আগস্ট", "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর",
           "ডিসেম্বর"),
}
"""Month names as each language writes them (the table of cases writes its dates with them)."""

_MONTH_VARIANTS = {"फरवरी": 2, "सितम्बर": 9, "नवम्बर": 11, "दिसम्बर": 12, "अक्तूबर": 10, "Sept": 9}
"""Other spellings writers use for a month (and MONTHS["en"]'s three-letter forms, added below)."""


@dataclass
class CaseLaw:
    """The judgments of the registry, with indexes for the finder."""

    judgments: dict = field(default_factory=dict)  # id -> Judgment
    _owners: dict | None = field(default=None, init=False, repr=False, compare=False)
    _patterns: list | None = field(default=None, init=False, repr=False, compare=False)

    def owner(self, report: Report) -> str | None:
        """The judgment that ``report`` is a report of, if the registry has it."""
        if self._owners is None:
            self._owners = {r: j.id for j in self.judgments.values() for r in j.reports}
        return self._owners.get(report)

    def party_patterns(self):
        """(first-party pattern anchored at the end, [(second-party pattern, ids)]) per first party,
        built the first time a text has a connector."""
        patterns = self._patterns
        if patterns is None:
            by_first: dict = {}
            for judgment in self.judgments.values():
                for forms in judgment.names.values():
                    for first, second in forms:
                        seconds = by_first.setdefault(_folded_key(first), (first, {}))[1]
                        seconds.setdefault(_folded_key(second), (second, []))[1].append(judgment.id)
            patterns = [
                (regex.compile(WORD_START + _phrase(first) + r"\s*$", regex.I),
                 [(regex.compile(r"\s*" + _phrase(second), regex.I), tuple(dict.fromkeys(ids))) for second, ids in seconds.values()])
                for first, seconds in by_first.values()
            ]
            self._patterns = patterns
        return patterns


# --- reports -------------------------------------------------------------------------------------


class _Lazy:
    """A pattern compiled the first time it is used: most pages cite no judgment, and compiling
    the report, date and party patterns would add tenths of a second to every process's start."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags = pattern, flags

    @cached_property
    def compiled(self):
        return regex.compile(self.pattern, self.flags)

    def __getattr__(self, name):
        return getattr(self.compiled, name)


def _letters(*syllables: str) -> str:
    """An abbreviation written with or without full stops: S.C.C., SCC, एस.सी.सी., এসসিসি."""
    return r"\.?\s?".join(regex.escape(s) for s in syllables) + r"\.?"


def _either(*patterns: str) -> str:
    return "(?:" + "|".join(patterns) + ")"


_SCC = _either(_letters("S", "C", "C"), _letters("एस", "सी", "सी"), _letters("এস", "সি", "সি"))
_SCR = _either(_letters("S", "C", "R"), _letters("एस", "सी", "आर"), _letters("এস", "সি", "আর"))
_AIR = _either(_letters("A", "I", "R"), _letters("ए", "आई", "आर"), _letters("এ", "আই", "আর"))
_SC = _either(_letters("S", "C"), _letters("एस", "सी"), _letters("এস", "সি"))
_COURT = _either(_SC, r"[A-Z][A-Za-z&]{1,5}\.?")
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_PAGE = r"(?P<page>\d{1,5})" + WORD_END
_VOLUME = r"(?P<volume>\d{1,2})"
_SUPP = r"(?P<supp>(?i:sup(?:pl?|l)\.?)(?:\s*\(\s*(?P<suppvol>\d)\s*\)|\s+(?P<suppvol>\d)(?=\s))?)"
_OPEN, _CLOSE = r"[\[(]\s*", r"\s*[\])]"

_FORMS = [
    # (series, pattern); the first match at a place wins.
    ("SCC OnLine", _YEAR + r"\s+" + _SCC + r"\s*(?i:on\s?line)\s+(?P<court>" + _COURT + r")\s*" + _PAGE),
    ("SCC", _OPEN + _YEAR + _CLOSE + r"\s*(?:" + _VOLUME + "|" + _SUPP + r")\s*" + _SCC + r"\s*" + _PAGE),
    ("SCC", _YEAR + r"\s*\(\s*" + _VOLUME + r"\s*\)\s*" + _SCC + r"\s*" + _PAGE),
    ("SCC", _YEAR + r"\s+" + _SUPP + r"\s*" + _SCC + r"\s*" + _PAGE),
    ("SCC", _YEAR + r"\s+" + _SCC + r"\s*(?:\(\s*" + _VOLUME + r"\s*\)|" + _SUPP + r")\s*" + _PAGE),
    ("SCR", _OPEN + _YEAR + _CLOSE + r"\s*(?:" + _VOLUME + "|" + _SUPP + r")\s*" + _SCR + r"\s*" + _PAGE),
    ("SCR", _YEAR + r"\s*\(\s*" + _VOLUME + r"\s*\)\s*" + _SCR + r"\s*" + _PAGE),
    ("SCR", _YEAR + r"\s+" + _SCR + r"\s*(?:\(\s*" + _VOLUME + r"\s*\)|" + _SUPP + r")\s*" + _PAGE),
    ("AIR", _AIR + r"\s*" + _YEAR + r"\s*(?P<court>" + _COURT + r")\s*" + _PAGE),
    ("AIR", _YEAR + r"\s+" + _AIR + r"\s+" + _PAGE),  # "1990 AIR 1412": the Supreme Court's own listing
    ("INSC", r"(?:\[\s*)?" + _YEAR + r"(?:\s*\])?\s*INSC\s*" + _PAGE),
    ("Cri LJ", _YEAR + r"\s*Cri?l?\.?\s?L\.?\s?J\.?\s*" + _PAGE),
]
_REPORT = _Lazy(WORD_START + "(?:" + "|".join(f"(?P<f{i}>{pattern})" for i, (_, pattern) in enumerate(_FORMS)) + ")")
_MAYBE_REPORT = re.compile(r"S\.?\s?C\.?\s?[CR]|A\.?\s?I\.?\s?R|INSC|L\.?\s?J|एस\.?\s?सी|ए\.?\s?आई|এস\.?\s?সি|এ\.?\s?আই")
"""What every report contains (its reporter's abbreviation): a text without it is not searched
(the standard library's ``re``, which compiles this simple pattern at once)."""


def _court(raw: str) -> str:
    key = raw.replace(".", "").replace(" ", "")
    if key in ("SC", "एससी", "এসসি"):
        return "SC"
    return key


def find_reports(text: str) -> list[FoundReport]:
    """Every law report written in ``text``, in order (offsets in ``text``)."""
    if not _MAYBE_REPORT.search(text):
        return []
    folded = fold(text, casefold=False)
    found = []
    for match in _REPORT.finditer(folded.text):
        index = next(i for i in range(len(_FORMS)) if match.group(f"f{i}") is not None)
        reporter = _FORMS[index][0]
        start, end = folded.span(match.start(), match.end())
        numbers = []
        for group in ("year", "volume", "suppvol", "page"):
            if match.group(group) is None:
                continue
            s, e = folded.span(match.start(group), match.end(group))
            value = parse_number(text[s:e])
            if value is None:
                break  # "१9९०" mixes scripts: a typo, not a report
            numbers.append((group, value))
        else:
            values = dict(numbers)
            if match.group("supp") is not None:
                volume = "Supp" + (f" {values['suppvol']}" if "suppvol" in values else "")
            else:
                volume = str(values.get("volume", ""))
            court = _court(match.group("court")) if match.group("court") else ("SC" if reporter == "AIR" else "")
            report = Report(reporter, values["year"], volume, court, values["page"])
            found.append(FoundReport(start, end, report))
    return found


# --- case names ----------------------------------------------------------------------------------

_CONNECTOR = re.compile(r"(?<=\s)(?:v\.|vs\.?|versus|बनाम|বনাম)(?=\s)", re.I)
_OTHERS = r"\s*,?\s*(?:&|and|एवं|व|और|ও|এবং)\s*(?i:ors|others|anr|another|अन्य|অন্যান্য|অন্য)\.?"
"""What follows a party's name for the parties not named: "& Ors.", "and another", "एवं अन्य"."""
_PARTY_SUFFIX = _Lazy(
    "(?:" + _OTHERS + ")?"
    r"(?:-?(?:এর|ের|র|কে|য়|ে))?"  # Bengali joins a case ending to the last party: রাজ্যের, রাজ্যকে
)
_PARTY_SUFFIX_END = _Lazy("(?:" + _OTHERS + r")\s*$")
_WORD_CHAR = _Lazy(WORD_CHAR)
_NAME_CHAR = _Lazy(r"[\p{L}\p{M}\p{Nd}'’.&\u200c\u200d-]")
_LATIN_WORD = _Lazy(r"[A-Za-z&][\p{L}\p{M}'’.&-]*")
_INDIC_WORD = _Lazy(r"[\p{Devanagari}\p{Bengali}][\p{L}\p{M}\u200c\u200d.-]*")
_JOINING = {"of", "and", "for", "the", "&", "de", "da"}
_LEADING = {"in", "see", "also", "cf.", "cf", "as", "per", "under", "by", "from", "following", "after", "since",
            "like", "unlike", "both", "and", "of", "the", "for", "&", "with", "on", "at", "to"}
_INDIC_STOP = {
    "में", "ने", "की", "के", "का", "को", "से", "पर", "और", "तथा", "एवं", "कि", "है", "हैं", "था", "थे", "यह", "वह",
    "इस", "उस", "ही", "भी", "मामले", "मामला", "मामलों", "निर्णय", "फ़ैसले", "फैसले", "आदेश", "न्यायालय", "अदालत",
    "ও", "এবং", "যে", "এই", "সেই", "মামলায়", "মামলার", "মামলা", "মামলাটি", "মামলাতে", "রায়ে", "রায়", "আদেশে",
    "আদেশ", "আদালত", "কোর্ট", "করে", "হয়", "হয়েছে", "না",
}
_LEGAL_PARTY = _Lazy(
    r"(?i:state|union|ors\.?|anr\.?|others|government|govt\.?|commissioner|republic|inspector|superintendent|"
    r"director|secretary|corporation|municipal|ltd\.?|limited|bank|police|collector)"
    r"|राज्य|संघ|सरकार|अन्य|রাজ্য|সরকার|ইউনিয়ন|অন্যান্য|সংঘ"
)
_COURT_WORD = _Lazy(
    r"(?i:court|judgment|judgement|held|bench|appeal|petition|justice|decided|ruling|ruled)"
    r"|न्यायालय|अदालत|कोर्ट|मामले|मामला|निर्णय|फ़ैसल|फैसल|आदेश|याचिका"
    r"|আদালত|কোর্ট|মামলা|রায়|আদেশ|আবেদন"
)
_CONTEXT = 100
"""How far from a "vs." a court or judgment must be spoken of for an unknown name to count as a case."""


def _folded_key(text: str) -> str:
    return " ".join(fold(text).text.replace(".", " ").split())


def _phrase(text: str) -> str:
    """A pattern for a party's name as written: spaces and full stops as writers vary them."""
    words = fold(text, casefold=False).text.split()
    out = ""
    for index, word in enumerate(words):
        if index:
            out += r"\s*" if words[index - 1].endswith(".") else r"\.?\s+"
        out += regex.escape(word).replace(r"\.", r"\.?")
    return out


def split_parties(text: str) -> tuple[str, str] | None:
    """("Vishal Jeet", "Union of India") from "Vishal Jeet v. Union of India"; None unless one connector."""
    connectors = list(_CONNECTOR.finditer(text))
    if len(connectors) != 1:
        return None
    first, second = text[: connectors[0].start()].strip(), text[connectors[0].end() :].strip()
    return (first, second) if first and second else None


def find_case_names(text: str, caselaw: CaseLaw | None = None) -> list[CaseName]:
    """Parties joined by v./vs./versus/बनाम/বনাম in ``text``: registry parties first, then others that
    read as a case (a legal party, or a court or judgment spoken of nearby)."""
    if not _CONNECTOR.search(text):
        return []
    folded = fold(text, casefold=False)
    ftext = folded.text
    names = []
    for connector in _CONNECTOR.finditer(ftext):
        known = _known_name(ftext, connector, caselaw) if caselaw is not None else None
        if known is None:
            known = _other_name(ftext, connector)
        if known is None:
            continue
        fstart, fend, first, second, ids = known
        start, end = folded.span(fstart, fend)
        names.append(CaseName(start, end, first, second, connector.group(0), ids))
    return names


def _known_name(ftext: str, connector, caselaw: CaseLaw):
    """The registry's parties on either side of ``connector``, the longest if several match."""
    window = max(0, connector.start() - 160)
    left = ftext[window : connector.start()]
    suffix = _PARTY_SUFFIX_END.search(left)
    if suffix is not None and suffix.group(0).strip():
        left = left[: suffix.start()] + " "
    right = ftext[connector.end() : connector.end() + 200]
    best = None
    for first_re, seconds in caselaw.party_patterns():
        first = first_re.search(left)
        if first is None:
            continue
        for second_re, ids in seconds:
            second = second_re.match(right)
            if second is None:
                continue
            end = _PARTY_SUFFIX.match(right, second.end()).end()
            if _WORD_CHAR.match(right, end):
                continue  # "State of West Bengal" is not "State of West Bengali"
            before, after = window + first.start(), connector.end() + end
            if best is None or after - before > best[0]:
                written = ftext[before : connector.start()].strip()
                best = (after - before, (before, after, written, right[:end].strip(), ids))
    return best[1] if best else None


def _words_before(ftext: str, at: int):
    """Words ending at ``at``, nearest first, as (start, end, word); stops at punctuation."""
    position = at
    while True:
        while position > 0 and ftext[position - 1] in " \t\n":
            position -= 1
        end = position
        while position > 0 and _NAME_CHAR.match(ftext[position - 1]):
            position -= 1
        if position == end:
            return
        yield position, end, ftext[position:end]


def _words_after(ftext: str, at: int):
    position = at
    while True:
        while position < len(ftext) and ftext[position] in " \t\n":
            position += 1
        start = position
        while position < len(ftext) and _NAME_CHAR.match(ftext[position]):
            position += 1
        if position == start:
            return
        yield start, position, ftext[start:position]


def _party(words, *, before: bool):
    """The words of a party next to a connector: capitalised English words (with of, and, &),
    or up to four Hindi or Bengali words, up to punctuation or an ordinary word."""
    taken = []
    script = None
    for start, end, word in words:
        latin = bool(_LATIN_WORD.fullmatch(word))
        indic = bool(_INDIC_WORD.fullmatch(word))
        script = script or ("latin" if latin else "indic" if indic else None)
        if script == "latin":
            if not latin or len(taken) >= 8:
                break
            if not (word[0].isupper() or word.lower() in _JOINING or word.lower().rstrip(".") in ("ors", "anr")):
                break
        elif script == "indic":
            if not indic or word in _INDIC_STOP or len(taken) >= 4:
                break
        else:
            break
        taken.append((start, end, word))
    if before:
        taken.reverse()
        while taken and taken[0][2].lower() in _LEADING | _JOINING:
            taken.pop(0)
    else:
        while taken and taken[-1][2].lower() in _JOINING:
            taken.pop()
    if script == "latin" and not any(w[0].isupper() for _, _, w in taken):
        return None
    return (taken[0][0], taken[-1][1]) if taken else None


def _other_name(ftext: str, connector):
    first = _party(_words_before(ftext, connector.start()), before=True)
    second = _party(_words_after(ftext, connector.end()), before=False)
    if first is None or second is None:
        return None
    first_text, second_text = ftext[first[0] : first[1]], ftext[second[0] : second[1]].rstrip(",")
    around = ftext[max(0, first[0] - _CONTEXT) : second[1] + _CONTEXT]
    legal = _LEGAL_PARTY.search(first_text) or _LEGAL_PARTY.search(second_text) or _COURT_WORD.search(around)
    if not (legal or _report_follows(ftext, second[1])):
        return None
    return first[0], second[1], first_text, second_text, ()


# --- case citations ------------------------------------------------------------------------------

_MONTH_NUMBER = {
    **{fold(name, casefold=False).text.casefold(): number for names in MONTHS.values() for number, name in enumerate(names, 1)},
    **{fold(name, casefold=False).text.casefold(): number for name, number in _MONTH_VARIANTS.items()},
    **{name[:3].casefold(): number for number, name in enumerate(MONTHS["en"], 1)},
}
_MONTH = "(?P<month>" + "|".join(sorted(map(regex.escape, _MONTH_NUMBER), key=len, reverse=True)) + r")\.?"
_DATE = _Lazy(
    r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})"
    r"|" + _MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
    r"|(?P<day>\d{1,2})[./-](?P<monthnumber>\d{1,2})[./-](?P<year>\d{4}))" + WORD_END,
    regex.I,
)
_DATE_AFTER = _Lazy(r"\s*(?:(?:case|मामले|मामला|মামলায়|মামলার|মামলা)\s*)?[(,]\s*[^()\n]{0,25}?(?=\d|" + _MONTH + ")", regex.I)
_YEAR_AFTER = _Lazy(r"\s*\(\s*(?P<year>1[89]\d\d|20\d\d)\s*\)")


def _date_after(ftext: str, at: int) -> tuple[dt.date | None, int | None]:
    """A date in the brackets or after the comma right after a case name, or a bare year in brackets."""
    lead = _DATE_AFTER.match(ftext, at)
    if lead is not None:
        date = _DATE.match(ftext, lead.end())
        if date is not None:
            month = date.group("monthnumber")
            month = int(month) if month else _MONTH_NUMBER.get(date.group("month").casefold())
            try:
                return dt.date(int(date.group("year")), month, int(date.group("day"))), None
            except (TypeError, ValueError):
                return None, None
    year = _YEAR_AFTER.match(ftext, at)
    return None, int(year.group("year")) if year else None


_GAP_WORD = _Lazy(r"(?:(?i:reported\s+in|in|and|case)|मामले|मामला|और|মামলায়|মামলার|মামলা|ও)(?=[\s,;:=\[(])")
_GAP = frozenset(" \t\n,;:=[(")
_BETWEEN = _GAP | frozenset(")]")
_NAME_GAP = 40
"""How far after the parties their first report may start (white space, punctuation, "reported in")."""


def _report_at(ftext: str, position: int, found, skip: frozenset, limit: int):
    """The report that starts at ``position`` or after only white space, punctuation in ``skip``
    and the words "in", "and", "case", "reported in" (or their Hindi and Bengali forms)."""
    end = min(len(ftext), position + limit)
    while position < end:
        report = found(position)
        if report is not None:
            return report
        word = _GAP_WORD.match(ftext, position)
        if word is not None:
            position = word.end()
        elif ftext[position] in skip:
            position += 1
        else:
            return None
    return None


def _report_follows(ftext: str, at: int) -> bool:
    return _report_at(ftext, at, lambda p: _REPORT.match(ftext, p), _GAP, _NAME_GAP) is not None


def find_cases(text: str, caselaw: CaseLaw | None = None) -> list[CaseCitation]:
    """Every judgment cited in ``text``: a name with the reports written right after it, and
    reports written without a name, in order (offsets in ``text``)."""
    reports = find_reports(text)
    names = find_case_names(text, caselaw)
    if not reports and not names:
        return []
    folded = fold(text, casefold=False)
    starts = {r.start: r for r in reports}
    used: set = set()

    def found(position):
        report = starts.get(folded.span(position, position + 1)[0])
        return report if report is not None and report.start not in used else None

    cases = []
    for name in names:
        chain = []
        report = _report_at(folded.text, _folded_offset(folded, name.end), found, _GAP, _NAME_GAP)
        while report is not None:
            chain.append(report)
            used.add(report.start)
            report = _report_at(folded.text, _folded_offset(folded, report.end), found, _BETWEEN, 12)
        end = chain[-1].end if chain else name.end
        date, year = _date_after(folded.text, _folded_offset(folded, name.end)) if not chain else (None, None)
        cases.append(CaseCitation(name.start, end, name, tuple(chain), date, year))
    for report in reports:
        if report.start not in used:
            cases.append(CaseCitation(report.start, report.end, None, (report,)))
    cases.sort(key=lambda c: c.start)
    return cases


def _folded_offset(folded, original: int) -> int:
    """The folded index of the first character at or after ``original``."""
    origin = folded.origin
    low, high = 0, len(origin) - 1
    while low < high:
        middle = (low + high) // 2
        if origin[middle] < original:
            low = middle + 1
        else:
            high = middle
    return low


# --- comparing with the registry -----------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What the registry says of one case citation, or of one report in it.

    ``kind``: ``known`` (a judgment of the registry, written right), ``contradicts`` (a report
    whose year, volume, page or owner the registry contradicts), ``unknown`` (a judgment the
    registry does not know), ``unrecorded`` (a known judgment, in a series the registry does not
    record for it).
    """

    kind: str
    judgment: str | None = None  # the judgment meant, where the registry can tell
    report: FoundReport | None = None
    expected: Report | None = None  # the registry's report in the same series
    differs: tuple[str, ...] = ()  # "year", "volume", "page"
    owner: str | None = None  # the judgment a report belongs to, where it is not the one named


def judge(case: CaseCitation, caselaw: CaseLaw) -> list[Verdict]:
    """Compare one case citation with the registry: a verdict for the name, then one per report."""
    named = case.name.judgments if case.name is not None else ()
    if case.name is not None and not named:
        return [Verdict("unknown")]
    verdicts = []
    meant = None
    for found in case.reports:
        owner = caselaw.owner(found.report)
        if named:
            if owner in named:
                meant = meant or owner
                verdicts.append(Verdict("known", owner, found))
                continue
            candidates = [r for j in named for r in caselaw.judgments[j].reports if r.series == found.report.series]
            if owner is not None:
                verdicts.append(Verdict("contradicts", None, found, _closest(candidates, found.report), owner=owner))
            elif candidates:
                expected = _closest(candidates, found.report)
                verdicts.append(Verdict("contradicts", caselaw.owner(expected), found, expected, _differences(expected, found.report)))
            else:
                verdicts.append(Verdict("unrecorded", named[0] if len(named) == 1 else None, found))
        elif owner is not None:
            meant = meant or owner
            verdicts.append(Verdict("known", owner, found))
        else:
            verdicts.append(Verdict("unknown", None, found))
    if case.name is not None:
        meant = meant or (named[0] if len(named) == 1 else _by_date(case, [caselaw.judgments[j] for j in named]))
        verdicts.insert(0, Verdict("known", meant))
    return verdicts


def _by_date(case: CaseCitation, judgments: list) -> str | None:
    """The one judgment of ``judgments`` decided on the date (or in the year) written with the name."""
    if case.date is not None:
        matching = [j.id for j in judgments if j.decided == case.date]
    elif case.year is not None:
        matching = [j.id for j in judgments if j.decided.year == case.year]
    else:
        return None
    return matching[0] if len(matching) == 1 else None


def _differences(expected: Report, written: Report) -> tuple[str, ...]:
    return tuple(part for part in ("year", "volume", "page") if getattr(expected, part) != getattr(written, part))


def _closest(candidates: list[Report], written: Report) -> Report | None:
    if not candidates:
        return None
    return min(candidates, key=lambda r: (len(_differences(r, written)), abs(r.year - written.year)))


# --- the registry's cases block ------------------------------------------------------------------

_CASE_KEYS = ("parties", "names", "court", "decided", "case_number", "citations", "holding", "source", "note")
_FACTS = ("parties", "names", "court", "decided", "case_number", "holding")
_NEEDS_SOURCE = ("parties", "decided", "holding")
_CASE_ID = _Lazy(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_SAME_YEAR = ("INSC", "SCC OnLine")
"""Series numbered by the year of the judgment itself: their year is the year it was decided."""


def load_caselaw(problems: Problems, raw, key_path=("cases",)) -> CaseLaw:
    """The ``cases`` block of legal_refs.yml as a :class:`CaseLaw`, every problem located."""
    caselaw = CaseLaw()
    if raw is None:
        return caselaw
    entries = problems.mapping(raw, key_path)
    owners: dict = {}
    for case_id, entry in (entries or {}).items():
        judgment = _judgment(problems, case_id, entry, key_path + (case_id,))
        if judgment is None:
            continue
        caselaw.judgments[case_id] = judgment
        for index, report in enumerate(judgment.reports):
            owner = owners.setdefault(report, case_id)
            if owner != case_id:
                problems.add(key_path + (case_id, "citations", index), f"{report} is also a citation of {owner}; a report is of one judgment", "C003")
    return caselaw


def _judgment(problems: Problems, case_id: str, raw, key_path) -> Judgment | None:
    data = problems.mapping(raw, key_path, required=("parties", "court", "decided", "holding", "source"), optional=_CASE_KEYS)
    if data is None:
        return None
    if not _CASE_ID.fullmatch(case_id):
        problems.add(key_path, f"case id {case_id!r} must be lower-case words joined by hyphens (vishal-jeet-1990)")
    parties, names = {}, {}
    if problems.mapping(data.get("parties"), key_path + ("parties",), required=("en",), optional=LANGUAGES) is not None:
        for lang, text in data["parties"].items():
            pair = _parties(problems, text, key_path + ("parties", lang))
            if pair:
                parties[lang] = pair
                names.setdefault(lang, []).append(pair)
    if data.get("names") is not None and problems.mapping(data["names"], key_path + ("names",), optional=LANGUAGES) is not None:
        for lang, texts in data["names"].items():
            for index, text in enumerate(problems.text_list(texts, key_path + ("names", lang))):
                pair = _parties(problems, text, key_path + ("names", lang, index))
                if pair:
                    names.setdefault(lang, []).append(pair)
    court = data.get("court")
    problems.choice(court, key_path + ("court",), tuple(COURTS))
    decided = data.get("decided")
    if not (isinstance(decided, dt.date) and not isinstance(decided, dt.datetime)):
        problems.add(key_path + ("decided",), "expected the date of the judgment written as YYYY-MM-DD")
        decided = None
    case_number = data.get("case_number")
    if case_number is not None and not problems.text(case_number, key_path + ("case_number",)):
        case_number = None
    reports, written = [], []
    for index, text in enumerate(problems.text_list(data.get("citations") or [], key_path + ("citations",))):
        report = Report.parse(text)
        if report is None:
            problems.add(key_path + ("citations", index), f"{text!r} is not a report kp reads (forms: (1990) 3 SCC 318, AIR 1990 SC 1412, 2024 INSC 716, 2022 SCC OnLine SC 704, 1990 Cri LJ 1469, [1990] 2 SCR 861)")
            continue
        if decided is not None and report.year < decided.year:
            problems.add(key_path + ("citations", index), f"{report} is dated before the judgment ({decided.isoformat()})")
        if decided is not None and report.reporter in _SAME_YEAR and report.year != decided.year:
            problems.add(key_path + ("citations", index), f"{report}: {report.reporter} citations carry the year of the judgment, {decided.year}")
        reports.append(report)
        written.append(text)
    holding = {}
    if problems.mapping(data.get("holding"), key_path + ("holding",), required=LANGUAGES, optional=LANGUAGES) is not None:
        for lang, text in data["holding"].items():
            if problems.text(text, key_path + ("holding", lang)):
                if "\n" in text.strip():
                    problems.add(key_path + ("holding", lang), "a holding is one line")
                holding[lang] = " ".join(text.split())
    source = _case_sources(problems, data.get("source"), key_path + ("source",), written)
    return Judgment(
        id=case_id,
        parties=parties,
        names={lang: tuple(pairs) for lang, pairs in names.items()},
        court=court if court in COURTS else "SC",
        decided=decided or dt.date(1, 1, 1),
        case_number=case_number,
        reports=tuple(reports),
        holding=holding,
        source=source,
        note=data.get("note"),
        line=problems.file.line_of(key_path),
    )


def _parties(problems: Problems, text, key_path) -> tuple[str, str] | None:
    if not problems.text(text, key_path):
        return None
    pair = split_parties(text)
    if pair is None:
        problems.add(key_path, f"{text!r} must name two parties joined by one v., vs., versus, बनाम or বনাম")
    return pair


def _case_sources(problems: Problems, raw, key_path, citations: list[str]) -> dict:
    """``source``: each fact (parties, decided, holding, every citation as written) -> where it was read."""
    allowed = set(_FACTS) | set(citations)
    data = problems.mapping(raw, key_path)
    sources = {}
    for fact, value in (data or {}).items():
        if fact not in allowed:
            problems.add(key_path + (fact,), f"{fact!r} is not a fact of this entry; source the facts "
                         f"({', '.join(_FACTS)}) and each citation exactly as written under `citations`")
            continue
        sources[fact] = tuple(problems.text_list(value, key_path + (fact,)))
    if data is not None:
        for fact in list(_NEEDS_SOURCE) + citations:
            if not sources.get(fact):
                problems.add(key_path, f"{fact!r} needs its source (a URL or a document) under `source`")
    return sources
