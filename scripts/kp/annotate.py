"""Tooltips for the site: glossary terms at their first use, and every legal citation.

Works on the Markdown source with kp's own reader, so terms are found on Indic word
boundaries (the ``abbr`` extension's ``\\b`` would mark कर inside कर्मचारी) and never in code,
links or headings. Each annotation wraps the exact source text in an ``<abbr>`` whose title
is HTML-escaped: what comes from glossary.yml or legal_refs.yml cannot inject markup.
"""

from __future__ import annotations

import html

import regex

from .checks.base import PageContext
from .checks.legal import page_citations
from .labels import label
from .page import read_page
from .project import Project
from .text import fold, fold_term, term_pattern

PROSE_SCOPES = {"paragraph", "table_cell"}


def _terms(project: Project, lang: str):
    key = ("tooltip-terms", lang)
    if key not in project.memo:
        index = {}
        for entry in project.glossary.entries:
            definition = entry.definition.get(lang)
            if not definition:
                continue
            for name in entry.names(lang):
                index.setdefault(" ".join(fold_term(name).split()), (entry.id, definition))
        project.memo[key] = (regex.compile(term_pattern(index)), index) if index else (None, {})
    return project.memo[key]


def _citation_title(project: Project, act_id: str, section: str, lang: str) -> str | None:
    act = project.registry.acts.get(act_id or "")
    provision = act.sections.get(section) if act else None
    if provision is None:
        return None
    heading = provision.heading.get(lang) or provision.heading.get("en")
    title = f"{act.id} {provision.number}" + (f": {heading}" if heading else "")
    if provision.status != "in_force":
        title += f" ({label(lang, provision.status)})"
    for ref in provision.successors:
        target = project.registry.resolve(ref)
        new_heading = (target.heading.get(lang) or target.heading.get("en")) if target else None
        title += f"; {label(lang, 'now')} {ref}" + (f": {new_heading}" if new_heading else "")
    return title


def annotate_markdown(markdown: str, lang: str, project: Project, path: str = "page.md") -> str:
    """``markdown`` with ``<abbr>`` tooltips on first glossary uses and on citations."""
    page = read_page(path, markdown, lang)
    spans: list[tuple[int, int, str, str]] = []  # start, end, css class, title

    for placed in page_citations(PageContext(page, project)):
        c = placed.citation
        title = _citation_title(project, c.act, c.section, lang)
        if title is None:
            continue
        start, end = placed.segment.offset(c.start), placed.segment.offset(c.end - 1) + 1
        spans.append((start, end, "kp-citation", title))

    pattern, index = _terms(project, lang)
    seen: set[str] = set()
    if pattern is not None:
        for segment in page.segments:
            if segment.scope not in PROSE_SCOPES:
                continue
            folded = fold(segment.text)
            for match in pattern.finditer(folded.text):
                concept, definition = index[" ".join(match.group(0).split())]
                s, e = folded.span(match.start(), match.end())
                if concept in seen or segment.in_span(s, "link_text") or segment.in_span(s, "image_alt"):
                    continue
                seen.add(concept)
                spans.append((segment.offset(s), segment.offset(e - 1) + 1, "kp-term", definition))

    spans.sort()
    chosen: list[tuple[int, int, str, str]] = []
    for span in spans:
        if chosen and span[0] < chosen[-1][1]:
            continue
        if "\n" in markdown[span[0] : span[1]] or "`" in markdown[span[0] : span[1]]:
            continue  # keep block structure and code spans intact
        chosen.append(span)
    out = markdown
    for start, end, css, title in reversed(chosen):
        out = (
            out[:start]
            + f'<abbr class="{css}" title="{html.escape(title, quote=True)}">'
            + out[start:end]
            + "</abbr>"
            + out[end:]
        )
    return out
