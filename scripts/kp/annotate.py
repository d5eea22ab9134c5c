"""Tooltips for the site: glossary terms at their first use, every legal citation, and every
judgment of the registry, linked to its row on the table of cases.

Works on the Markdown source with kp's own reader, so terms are found on Indic word
boundaries (the ``abbr`` extension's ``\\b`` would mark कर inside कर्मचारी) and never in code,
links or headings. Each annotation wraps the exact source text in an ``<abbr>`` whose title
is HTML-escaped: what comes from glossary.yml or legal_refs.yml cannot inject markup.
"""

from __future__ import annotations

import html
import posixpath

import regex

from .cases import COURTS, judge
from .checks.base import PageContext
from .checks.legal import page_cases, page_citations
from .labels import label
from .page import read_page
from .project import Project
from .reference import GENERATED, case_anchor, date_text
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


def _case_link(project: Project, path: str) -> str:
    """The table of cases relative to the page at ``path`` (a language's folder or the docs root)."""
    parts = path.split("/")
    if len(parts) > 1 and parts[0] in project.settings.languages:
        parts = parts[1:]
    return posixpath.relpath(GENERATED["cases"], posixpath.dirname("/".join(parts)) or ".")


def _case_spans(ctx: PageContext, lang: str, path: str):
    """(start, end, title, link) for the parties of every judgment the registry can tell."""
    judgments = ctx.project.registry.cases.judgments
    target = _case_link(ctx.project, path)
    for _, placed in page_cases(ctx):
        name = placed.case.name
        if name is None or placed.segment.scope not in PROSE_SCOPES:
            continue
        meant = next((v.judgment for v in judge(placed.case, ctx.project.registry.cases) if v.kind == "known" and v.judgment), None)
        if meant is None:
            continue
        judgment = judgments[meant]
        court = COURTS[judgment.court].get(lang) or COURTS[judgment.court]["en"]
        title = f"{court}, {date_text(judgment.decided, lang)}: {judgment.holding.get(lang) or judgment.holding['en']}"
        link = None if placed.segment.in_span(name.start, "link_text") else f"{target}#{case_anchor(judgment)}"
        yield placed.segment.offset(name.start), placed.segment.offset(name.end - 1) + 1, title, link


def annotate_markdown(markdown: str, lang: str, project: Project, path: str = "page.md") -> str:
    """``markdown`` with ``<abbr>`` tooltips on first glossary uses, on citations and on judgments
    (linked to the table of cases)."""
    page = read_page(path, markdown, lang)
    ctx = PageContext(page, project)
    spans: list[tuple] = []  # start, end, css class, title, link

    for placed in page_citations(ctx):
        c = placed.citation
        title = _citation_title(project, c.act, c.section, lang)
        if title is None:
            continue
        start, end = placed.segment.offset(c.start), placed.segment.offset(c.end - 1) + 1
        spans.append((start, end, "kp-citation", title, None))

    for start, end, title, link in _case_spans(ctx, lang, path):
        spans.append((start, end, "kp-case", title, link))

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
                spans.append((segment.offset(s), segment.offset(e - 1) + 1, "kp-term", definition, None))

    spans.sort(key=lambda span: span[:2])
    chosen: list[tuple] = []
    for span in spans:
        if chosen and span[0] < chosen[-1][1]:
            continue
        if "\n" in markdown[span[0] : span[1]] or "`" in markdown[span[0] : span[1]]:
            continue  # keep block structure and code spans intact
        chosen.append(span)
    out = markdown
    for start, end, css, title, link in reversed(chosen):
        escaped = html.escape(title, quote=True)
        wrapped = f'<abbr class="{css}" title="{escaped}">' + out[start:end] + "</abbr>"
        if link is not None and not regex.search(r"[\[\]()]", out[start:end]):
            # Brackets in the title would end the link text early.
            escaped = escaped.replace("[", "&#91;").replace("]", "&#93;")
            wrapped = f'[<abbr class="{css}" title="{escaped}">' + out[start:end] + f"</abbr>]({link})"
        out = out[:start] + wrapped + out[end:]
    return out
