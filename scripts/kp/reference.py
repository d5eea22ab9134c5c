"""Reference pages generated from the data files, in each language, as Markdown.

The glossary page (from glossary.yml), the correspondence of old and new criminal laws, the
list of provisions and the table of cases (from legal_refs.yml), and the table of statutes
(which provision is cited on which page). Everything taken from a data file is escaped, so an entry cannot inject
markup or script into the site.
"""

from __future__ import annotations

import html
from collections import defaultdict

import regex

from .cases import COURTS, MONTHS, CaseLaw, Judgment
from .glossary import Glossary
from .labels import LABELS, label
from .statutes import Act, Registry
from .text import to_native_digits

GENERATED = {
    "glossary": "glossary.md",
    "correspondence": "compendium/old-and-new-laws.md",
    "provisions": "compendium/provisions.md",
    "statutes": "compendium/statutes.md",
    "cases": "compendium/cases.md",
    "status": "translation-status.md",
}
"""Where each generated page appears in every language's folder."""

_MARKDOWN_SPECIAL = regex.compile(r"([\\`*_{}\[\]()#+!|])")
_LINE_START = regex.compile(r"^(\d+)\.|^-")  # what would start a list item


def md_text(value: str) -> str:
    """``value`` as literal text in Markdown: HTML escaped, Markdown syntax backslash-escaped."""
    escaped = html.escape(" ".join(str(value).split()), quote=False)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    return _LINE_START.sub(lambda m: (m.group(1) + "\\.") if m.group(1) else "\\-", escaped)


def _front(title: str) -> str:
    return f"---\ntitle: {_yaml_string(title)}\ngenerated: true\n---\n\n# {md_text(title)} {{ #top }}\n\n"


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _anchor(value: str) -> str:
    return regex.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def glossary_page(glossary: Glossary, lang: str) -> str:
    """The glossary in ``lang``: defined terms, then the terms to avoid and why."""
    out = [_front(label(lang, "glossary")), md_text(label(lang, "glossary_intro")), "\n\n"]
    out.append(f"## {md_text(label(lang, 'terms'))} {{ #terms }}\n\n")
    defined = sorted((e for e in glossary.entries if e.definition), key=lambda e: e.preferred.get(lang, e.id).casefold())
    for entry in defined:
        out.append(f"### {md_text(entry.preferred.get(lang, entry.id))} {{ #{_anchor(entry.id)} }}\n\n")
        aliases = entry.aliases.get(lang, ())
        if aliases:
            out.append(f"*{md_text(label(lang, 'also'))}:* {md_text(', '.join(aliases))}\n\n")
        out.append(md_text(entry.definition.get(lang) or entry.definition.get("en", "")) + "\n\n")
        if lang in entry.proposed:
            out.append(f"*{md_text(label(lang, 'proposed'))}*\n\n")
    out.append(f"## {md_text(label(lang, 'avoid'))} {{ #avoid }}\n\n")
    out.append(f"| {md_text(label(lang, 'avoid_column'))} | {md_text(label(lang, 'prefer_column'))} | {md_text(label(lang, 'why_column'))} |\n|---|---|---|\n")
    for entry in sorted(glossary.entries, key=lambda e: e.id):
        for term in entry.avoid.get(lang, ()):
            reason = entry.reason.get(lang) or entry.reason.get("en", "")
            out.append(f"| {md_text(term.term)} | {md_text(entry.preferred.get(lang, ''))} | {md_text(reason)} |\n")
    return "".join(out)


def _provision_label(act: Act, number: str, lang: str) -> str:
    unit = label(lang, "article" if act.unit == "article" else "section")
    name = act.names.get(lang, act.names.get("en", (act.id,)))[0] if lang != "en" else act.id
    return f"{unit} {to_native_digits(number, lang)} {name}"


def _heading(registry: Registry, act_id: str, number: str, lang: str) -> str:
    act = registry.acts.get(act_id)
    provision = act.sections.get(number) if act else None
    if provision is None:
        return ""
    return provision.heading.get(lang) or provision.heading.get("en", "")


def correspondence_page(registry: Registry, lang: str) -> str:
    """Every repealed provision in the registry beside its successor, act by act."""
    out = [_front(label(lang, "correspondence")), md_text(label(lang, "correspondence_intro")), "\n\n"]
    for act in registry.acts.values():
        if act.successor is None:
            continue
        successor = registry.acts[act.successor]
        rows = [p for p in act.sections.values() if p.successors]
        if not rows:
            continue
        out.append(f"## {md_text(act.id)} → {md_text(successor.id)} {{ #{_anchor(act.id + '-' + successor.id)} }}\n\n")
        out.append(
            f"| {md_text(label(lang, 'old'))} | {md_text(label(lang, 'heading'))} | {md_text(label(lang, 'new'))} | {md_text(label(lang, 'heading'))} |\n"
            "|---|---|---|---|\n"
        )
        for provision in sorted(rows, key=lambda p: _sort_key(p.number)):
            new = ", ".join(_provision_label(successor, ref.section + ref.subsection, lang) for ref in provision.successors)
            new_heading = "; ".join(filter(None, (_heading(registry, ref.act, ref.section, lang) for ref in provision.successors)))
            out.append(
                f"| {md_text(_provision_label(act, provision.number, lang))} | {md_text(provision.heading.get(lang) or provision.heading.get('en', ''))} "
                f"| {md_text(new)} | {md_text(new_heading)} |\n"
            )
        out.append("\n")
    return "".join(out)


def _sort_key(number: str):
    match = regex.match(r"(\d+)(.*)", number)
    return (int(match.group(1)), match.group(2)) if match else (0, number)


def provisions_page(registry: Registry, lang: str) -> str:
    """The provisions in the registry, act by act, with heading, status and source."""
    out = [_front(label(lang, "provisions")), md_text(label(lang, "provisions_intro")), "\n\n"]
    for act in registry.acts.values():
        title = act.title.get(lang) or act.title.get("en", act.id)
        out.append(f"## {md_text(title)} {{ #{_anchor(act.id)} }}\n\n")
        if act.repealed:
            out.append(f"*{md_text(label(lang, 'repealed_on'))}: {to_native_digits(act.repealed.isoformat(), lang)}; {md_text(label(lang, 'successor'))}: {md_text(act.successor or '')}*\n\n")
        unit = label(lang, "article" if act.unit == "article" else "section")
        out.append(
            f"| {md_text(unit)} | {md_text(label(lang, 'heading'))} | {md_text(label(lang, 'status'))} | {md_text(label(lang, 'source'))} |\n"
            "|---|---|---|---|\n"
        )
        for provision in sorted(act.sections.values(), key=lambda p: _sort_key(p.number)):
            heading = provision.heading.get(lang) or provision.heading.get("en", "")
            status = label(lang, provision.status)
            if provision.successors:
                status += f" → {', '.join(str(r) for r in provision.successors)}"
            sources = "; ".join(registry.sources.get(key, key) for key in provision.source)
            out.append(f"| {md_text(to_native_digits(provision.number, lang))} | {md_text(heading)} | {md_text(status)} | {md_text(sources)} |\n")
        out.append("\n")
    return "".join(out)


def statutes_page(registry: Registry, lang: str, cited: dict) -> str:
    """Which provision is cited where, per knowledge product.

    ``cited`` maps product name -> list of (act, section, page title, page link) for pages in
    ``lang``; links are relative to the statutes page.
    """
    out = [_front(label(lang, "statutes")), md_text(label(lang, "statutes_intro")), "\n\n"]
    if not any(cited.values()):
        out.append(md_text(label(lang, "not_found")) + "\n")
        return "".join(out)
    for product in sorted(cited):
        rows = cited[product]
        if not rows:
            continue
        out.append(f"## {md_text(product)} {{ #{_anchor(product)} }}\n\n")
        out.append(
            f"| {md_text(label(lang, 'section'))} | {md_text(label(lang, 'heading'))} | {md_text(label(lang, 'cited_on'))} |\n"
            "|---|---|---|\n"
        )
        by_provision = defaultdict(dict)
        for act_id, section, title, link in rows:
            by_provision[(act_id, section)][link] = title
        for (act_id, section), pages in sorted(by_provision.items(), key=lambda kv: (kv[0][0], _sort_key(kv[0][1]))):
            act = registry.acts.get(act_id)
            name = _provision_label(act, section, lang) if act else f"{act_id} {section}"
            links = ", ".join(f"[{md_text(title)}]({link})" for link, title in sorted(pages.items()))
            out.append(f"| {md_text(name)} | {md_text(_heading(registry, act_id, section, lang))} | {links} |\n")
        out.append("\n")
    return "".join(out)


def date_text(date, lang: str) -> str:
    """``date`` as a reader writes it: 2 May 1990, २ मई १९९०, ২ মে ১৯৯০."""
    months = MONTHS.get(lang, MONTHS["en"])
    return to_native_digits(f"{date.day} {months[date.month - 1]} {date.year}", lang)


def case_anchor(judgment: Judgment) -> str:
    """The anchor of a judgment on the table of cases: its registry id."""
    return judgment.id


def cases_page(caselaw: CaseLaw, lang: str, cited: list) -> str:
    """The table of cases: every judgment in the registry, its court, date, reports and holding,
    and the pages that cite it.

    ``cited`` lists (judgment id, page title, page link) for pages in ``lang``; links are
    relative to the cases page.
    """
    out = [_front(label(lang, "cases")), md_text(label(lang, "cases_intro")), "\n\n"]
    if not caselaw.judgments:
        out.append(md_text(label(lang, "no_cases")) + "\n")
        return "".join(out)
    pages: dict = defaultdict(dict)
    for judgment_id, title, link in cited:
        pages[judgment_id][link] = title
    out.append(
        "| " + " | ".join(md_text(label(lang, key)) for key in ("case", "court", "decided", "reports", "holding", "cited_on"))
        + " |\n|---|---|---|---|---|---|\n"
    )
    judgments = sorted(caselaw.judgments.values(), key=lambda j: (j.title(lang).casefold(), j.decided))
    for judgment in judgments:
        reports = "; ".join(to_native_digits(str(r), lang) for r in judgment.reports)
        links = ", ".join(f"[{md_text(title)}]({link})" for link, title in sorted(pages[judgment.id].items()))
        out.append(
            f'| <span id="{case_anchor(judgment)}"></span>{md_text(judgment.title(lang))} '
            f"| {md_text(COURTS[judgment.court].get(lang) or COURTS[judgment.court]['en'])} "
            f"| {md_text(date_text(judgment.decided, lang))} | {md_text(reports)} "
            f"| {md_text(judgment.holding.get(lang) or judgment.holding['en'])} | {links} |\n"
        )
    out.append(f"\n## {md_text(label(lang, 'sources'))} {{ #sources }}\n\n")
    for judgment in judgments:
        facts = "; ".join(f"{fact}: {', '.join(where)}" for fact, where in judgment.source.items())
        out.append(f"- {md_text(judgment.title(lang) + ', ' + date_text(judgment.decided, lang))}: {md_text(facts)}\n")
    return "".join(out)


def status_page(statuses, lang: str, titles: dict | None = None) -> str:
    """The translation status of every page in ``lang`` (for the source language: all languages).

    Each page is named by its title (``titles``: (language, page) -> title, the translation's
    own where it has one), the file's path only where no title is known; the headers and the
    languages' names are in ``lang``.
    """
    titles = titles or {}
    out = [_front(label(lang, "status_page")), md_text(label(lang, "status_intro")), "\n\n"]
    out.append(f"| {md_text(label(lang, 'page'))} | {md_text(label(lang, 'language'))} | {md_text(label(lang, 'state'))} |\n"
               "|---|---|---|\n")
    translated = lang in {s.lang for s in statuses}  # the source language lists every language
    for status in statuses:
        if translated and status.lang != lang:
            continue
        state = label(lang, status.state)
        if status.changed:
            state += f" ({', '.join(status.changed)})"
        title = titles.get((status.lang, status.page)) or status.page
        language = LABELS.get(lang, LABELS["en"]).get(f"language_{status.lang}") or status.lang
        out.append(f"| {md_text(title)} | {md_text(language)} | {md_text(state)} |\n")
    return "".join(out)


CONTROL = {
    "number": {"en": "Number", "hi": "संख्या", "bn": "নম্বর"},
    "version": {"en": "Version", "hi": "संस्करण", "bn": "সংস্করণ"},
    "effective": {"en": "Effective from", "hi": "प्रभावी तिथि", "bn": "কার্যকর তারিখ"},
    "supersedes": {"en": "Supersedes", "hi": "अधिक्रमित", "bn": "প্রতিস্থাপিত"},
    "approved_by": {"en": "Approved by", "hi": "अनुमोदनकर्ता", "bn": "অনুমোদনকারী"},
}
"""The document control fields of an SOP's front matter, and their names in each language."""


def control_rows(control: dict, lang: str) -> list[tuple[str, str]]:
    """(field name, value) of the document control block, in ``lang``, in a fixed order."""
    rows = []
    for key, names in CONTROL.items():
        value = control.get(key)
        if value in (None, ""):
            continue
        value = value.isoformat() if hasattr(value, "isoformat") else str(value)
        if key in ("version", "effective"):
            value = to_native_digits(value, lang)
        rows.append((names.get(lang, names["en"]), value))
    return rows


def document_control_html(control: dict, lang: str, css_class: str = "kp-document-control") -> str:
    """The document control block as an HTML table (escaped), for the page and the PDF."""
    rows = "".join(
        f"<tr><th>{html.escape(name)}</th><td>{html.escape(value)}</td></tr>" for name, value in control_rows(control, lang)
    )
    return f'<table class="{css_class}">{rows}</table>' if rows else ""
