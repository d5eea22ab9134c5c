"""S checks: files that cannot be read, front matter, languages, suppressions, links, limits."""

from __future__ import annotations

import unicodedata

import regex

from ..page import Heading


def unreadable(reason: str):
    """Reports a page that cannot be read as text: binary, not UTF-8, or unreadable.

    Why: a chapter saved in the wrong encoding (a legacy Hindi font encoding, UTF-16 from a
    word processor) or a binary file in docs/ would otherwise break the site build far from
    its cause. The finding names the line of the first byte that is not UTF-8.

    Example: a file saved as Windows-1252 with a curly quote is reported at that line.
    """
    return reason


def bad_front_matter(reason: str):
    """Reports front matter that is not valid YAML or not a mapping of keys to values.

    Why: front matter carries a page's title, its language override and an SOP's document
    control (number, version, effective date); a typo there silently drops them.

    Example: front matter consisting of the single line ``- title`` (a list) is reported.
    """
    return reason


def unconfigured_language(reason: str):
    """Reports a page in a language folder (or with a ``lang`` override) that is not configured.

    Why: the site, the search index and the PDFs are built per configured language; a page
    in ``docs/ta/`` or with ``lang: ta`` would be published nowhere.

    Example: ``docs/ta/index.md`` with languages en, hi and bn configured.
    """
    return reason


def unused_suppression(reason: str):
    """Reports a suppression comment that suppresses nothing.

    Why: suppressions outlive the text they were written for; one left behind would hide the
    next real finding on that line. Remove it.

    Example: ``<!-- kp-ignore T001: quoting a judgment -->`` above a line with no T001 finding.
    """
    return reason


def bad_suppression(reason: str):
    """Reports a suppression comment without a reason or naming an unknown code.

    Why: a suppression is a decision someone will need to understand later; the reason is
    part of the record. Write ``<!-- kp-ignore T001: quoting the judgment verbatim -->`` for
    the next line, or ``kp-ignore-start`` ... ``kp-ignore-end`` around a block.

    Example: ``<!-- kp-ignore T001 -->`` (no reason) is reported and suppresses nothing.
    """
    return reason


def too_large(reason: str):
    """Reports a page too large or too slow to check, with the limit, instead of stalling.

    Why: a pasted 40 MB export or a pathological table should not hold up checking the other
    chapters. The limits are ``max_page_bytes`` and ``max_page_seconds`` in ``[tool.kp]``.

    Example: a 50 MB Markdown file with the default 5 MB limit.
    """
    return reason


def slugify(text: str) -> str:
    """The anchor Python-Markdown's ``toc`` gives a heading without an explicit ``{ #id }``."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = regex.sub(r"[^\w\s-]", "", value).strip().lower()
    return regex.sub(r"[-\s]+", "-", value)


def anchors(headings: list[Heading]) -> set[str]:
    """Every anchor a page's headings get on the site, numbered as ``toc`` numbers repeats."""
    seen: set[str] = set()
    for heading in headings:
        anchor = heading.anchor or slugify(heading.text)
        if not heading.anchor:
            base, count = anchor, 0
            while anchor in seen or not anchor:
                count += 1
                anchor = f"{base}_{count}"
        seen.add(anchor)
    return seen


def broken_link(reason: str):
    """Reports an internal link or image whose target file does not exist.

    Why: a link from the SOP to the training manual, or from the Hindi page to its English
    source, that leads nowhere leaves an officer stranded, and the PDF carries it to paper.
    Links are resolved relative to the page, across language folders too; a link may not
    reach outside the project.

    Example: ``[see the checklist](checklists/rescue.md)`` when that file does not exist.
    """
    return reason


def broken_anchor(reason: str):
    """Reports a link to a section (``page.md#anchor``) that the target page does not have.

    Why: the language switcher and cross-references land on a section by its anchor; a
    renamed heading silently sends readers to the top of the page instead.

    Example: ``[rescue](sop.md#rescue-operation)`` after the heading became "Rescue".
    """
    return reason


def heading_without_anchor(ctx):
    """Reports a Hindi or Bengali heading without an explicit anchor (``{ #rescue }``).

    Why: the site's anchors must be the same in every language, so that the language switcher
    and cross-references land on the same section. Python-Markdown turns a Devanagari or
    Bengali heading into ``_1``, ``_2`` (and pymdownx.slugs drops vowel signs), so such
    headings need the source heading's anchor written out.

    Example: ``## बचाव अभियान`` is reported; ``## बचाव अभियान { #rescue-operation }`` is not.
    """
    from .base import Finding

    if ctx.page.lang == "en":
        return
    for heading in ctx.page.headings:
        if heading.anchor is None and slugify(heading.text) == "":
            yield Finding(heading.offset, heading.offset + 1, "give this heading the same explicit anchor as in the source: { #anchor }")
