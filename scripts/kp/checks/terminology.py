"""T checks: victim-centric terminology from glossary.yml."""

from __future__ import annotations

from bisect import bisect_left

import regex

from ..glossary import replacement_for
from ..page import Segment
from ..text import fold, phrase_matcher
from .base import Finding, PageContext

_QUOTED = regex.compile(r'"[^"]{1,600}"|“[^”]{1,600}”|«[^»]{1,600}»|„[^“”]{1,600}[“”]')
_SENTENCE_END = regex.compile(r"[.?!।॥]+(?=\s|$)|\n\s*\n")


def _exempt_pattern(ctx: PageContext):
    """Statute titles, act names, section headings and glossary ``allow_in`` phrases."""
    lang = ctx.page.lang
    key = ("exempt", lang)
    memo = ctx.project.memo
    if key not in memo:
        registry, glossary = ctx.project.registry, ctx.project.glossary
        phrases = set(registry.titles()) | set(registry.headings(lang)) | set(registry.headings("en"))
        for act in registry.acts.values():
            phrases.update(n for n in act.all_names() if len(n) > 6)
        phrases.update(glossary.allowed_phrases())
        memo[key] = phrase_matcher(phrases)
    return memo[key]


def exempt_spans(segment: Segment, ctx: PageContext, near: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """Ranges of a segment where an avoided word is legitimate: quotations and statutory names.

    With ``near`` (a range of the segment), only names around that range are looked for: a
    name that exempts a word must contain it.
    """
    spans = [(m.start(), m.end()) for m in _QUOTED.finditer(segment.text)]
    pattern = _exempt_pattern(ctx)
    if pattern is not None:
        folded = fold(segment.text)
        start, end = 0, len(folded.text)
        if near is not None:
            start = max(0, bisect_left(folded.origin, near[0], 0, len(folded.text)) - NAME_REACH)
            end = min(len(folded.text), bisect_left(folded.origin, near[1], 0, len(folded.text)) + NAME_REACH)
        spans.extend(folded.span(m.start(), m.end()) for m in pattern.pattern.finditer(folded.text, start, end))
    return spans


NAME_REACH = 200
"""Characters on either side of a term within which an exempting name is looked for."""


def covered(start: int, end: int, spans) -> bool:
    """Whether ``[start, end)`` lies inside one of ``spans``.

    Containment, not overlap: the heading "Rape" (IPC 375) exempts the word where the statute
    is named, not "forcible rape" around it.
    """
    return any(s <= start and end <= e for s, e in spans)


def _quoted_passage(segment: Segment) -> bool:
    return "blockquote" in segment.containers


def avoided_term(ctx: PageContext):
    """Flags a term that glossary.yml lists as one to avoid, and suggests the preferred term.

    Why: manuals and SOPs shape how officers speak of and to trafficked persons. A child is
    never a "child prostitute"; residents of a shelter home are not "inmates"; a rescue is not
    a "raid". The severity, the reason and the source come from the glossary entry.

    Matching is per language (the page's), case- and inflection-aware through each entry's
    listed forms, on whole words (वेश्या is not found inside वेश्यागृह), insensitive to NFC
    and to zero-width joiners, and across line breaks inside a paragraph. Code, URLs,
    blockquotes, text in double quotes, act names, section headings and the entry's
    ``allow_in`` phrases are exempt: statutory words stay intact where the law is quoted.

    Example: ``The child prostitutes were produced before the CWC.`` is reported, with
    ``child victims of commercial sexual exploitation`` suggested; ``kp check --fix`` applies
    only replacements declared for that exact form.
    """
    glossary = ctx.project.glossary
    lang = ctx.page.lang
    for segment in ctx.page.segments:
        if _quoted_passage(segment):
            continue
        matches = glossary.find(segment.text, lang)
        if not matches:
            continue
        exempt = exempt_spans(segment, ctx, (matches[0].start, matches[-1].end))
        for match in matches:
            if covered(match.start, match.end, exempt):
                continue
            entry = glossary.by_id(match.term.concept)
            preferred = entry.preferred.get(lang) if entry else None
            replacement = replacement_for(match)
            start = segment.offset(match.start)
            end = segment.offset(match.end - 1) + 1
            exact = ctx.page.text[start:end] == match.text
            reason = (entry.reason.get(lang) or entry.reason.get("en", "")) if entry else ""
            message = f"avoid {match.text!r}"
            if reason:
                message += f": {reason}"
            if entry and entry.source:
                message += f" [{', '.join(entry.source)}]"
            yield Finding(
                start,
                end,
                message,
                suggestion=replacement or preferred,
                severity=match.term.severity,
                fix=replacement if exact else None,
            )


def _word_pattern(ctx: PageContext, which: str):
    lang = ctx.page.lang
    key = ("child-consent", which, lang)
    memo = ctx.project.memo
    if key not in memo:
        memo[key] = phrase_matcher(getattr(ctx.project.glossary.child_consent, which).get(lang, ()))
    return memo[key]


def child_consent(ctx: PageContext):
    """Flags consent or sex-work wording applied to a child, in any language.

    Why: a child cannot consent to their own exploitation. Under Art. 3(c) of the Trafficking
    Protocol no means need be shown for a child, and BNS s.143 makes consent immaterial; a
    child is never a "sex worker" and never "went willingly". Words for a child and words of
    consent or sex work in one sentence are reported, unless the sentence says the consent
    is irrelevant (the negation words in glossary.yml's ``child_consent``).

    Example: ``The 15-year-old girl was a minor who consented to go.`` is an error;
    ``The consent of a child is irrelevant.`` is not.
    """
    child = _word_pattern(ctx, "child")
    consent = _word_pattern(ctx, "consent")
    negation = _word_pattern(ctx, "negation")
    if child is None or consent is None:
        return
    for segment in ctx.page.segments:
        if _quoted_passage(segment):
            continue
        folded = fold(segment.text)
        if not child.search(folded.text):
            continue
        exempt = None
        start = 0
        bounds = [m.end() for m in _SENTENCE_END.finditer(folded.text)] + [len(folded.text)]
        for end in bounds:
            sentence = folded.text[start:end]
            offset = start
            start = end
            if not child.search(sentence):
                continue
            hit = consent.search(sentence)
            if hit is None or (negation is not None and negation.search(sentence)):
                continue
            s, e = folded.span(offset + hit.start(), offset + hit.end())
            exempt = exempt if exempt is not None else exempt_spans(segment, ctx)
            if covered(s, e, exempt):
                continue
            yield Finding(
                segment.offset(s),
                segment.offset(e - 1) + 1,
                f"{segment.text[s:e]!r} applied to a child: a child cannot consent to exploitation; describe what was done to the child",
            )
