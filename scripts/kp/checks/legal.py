"""L checks: legal citations against legal_refs.yml."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..cases import CaseCitation, FoundReport, Judgment, find_cases, judge
from ..citations import Citation, CitationFinder
from ..diagnostics import Severity
from ..page import Segment
from ..statutes import Act, Provision, Reference, status_on
from ..text import fold_term, to_native_digits
from .base import Finding, PageContext

WINDOW = 200
"""How far apart (in characters) an old citation and its successor may stand to count as written together."""


@dataclass(frozen=True)
class PlacedCitation:
    citation: Citation
    segment: Segment
    context: tuple  # citations sharing a context are "written together" (same sentence or table row)
    start: int  # file offsets of the provision's number
    end: int

    @property
    def quoted(self) -> bool:
        return "blockquote" in self.segment.containers


def finder(ctx: PageContext) -> CitationFinder:
    memo = ctx.project.memo
    if "citation-finder" not in memo:
        memo["citation-finder"] = CitationFinder(ctx.project.registry)
    return memo["citation-finder"]


def page_citations(ctx: PageContext) -> list[PlacedCitation]:
    """Every citation on the page, in order, "the said Act" resolved across paragraphs."""

    def compute():
        placed = []
        last_act = None
        find = finder(ctx)
        reports = _report_spans(ctx)
        for index, segment in enumerate(ctx.page.segments):
            found, last_act = find.find(segment.text, last_act)
            if reports.get(index):
                # A law report's numbers ("(1990) 3 SCC 318") are never a section's.
                found = [c for c in found if not any(s < c.number_end and c.number_start < e for s, e in reports[index])]
            if segment.scope == "table_cell":
                line, _ = ctx.page.position(segment.offset(0))
                context = ("row", line)
            else:
                context = ("segment", index)
            for citation in found:
                placed.append(
                    PlacedCitation(
                        citation,
                        segment,
                        context,
                        segment.offset(citation.number_start),
                        segment.offset(citation.number_end - 1) + 1,
                    )
                )
        return placed

    return ctx.cached("citations", compute)


@dataclass(frozen=True)
class PlacedCase:
    case: CaseCitation
    segment: Segment
    start: int  # file offsets of the whole case citation
    end: int

    def at(self, found: FoundReport) -> tuple[int, int]:
        return self.segment.offset(found.start), self.segment.offset(found.end - 1) + 1


def page_cases(ctx: PageContext) -> list[tuple[int, PlacedCase]]:
    """Every judgment cited on the page, with the index of its segment, in order."""

    def compute():
        caselaw = ctx.project.registry.cases
        placed = []
        for index, segment in enumerate(ctx.page.segments):
            for case in find_cases(segment.text, caselaw):
                placed.append((index, PlacedCase(case, segment, segment.offset(case.start), segment.offset(case.end - 1) + 1)))
        return placed

    return ctx.cached("cases", compute)


def cited_judgments(ctx: PageContext) -> list[tuple[str, int]]:
    """(judgment id, file offset) for every citation of a judgment in the registry that
    the registry can tell apart (the parties alone name both Gaurav Jain judgments)."""
    cited = []
    for _, placed in page_cases(ctx):
        verdicts = judge(placed.case, ctx.project.registry.cases)
        judgment = next((v.judgment for v in verdicts if v.kind == "known" and v.judgment), None)
        if judgment is not None:
            cited.append((judgment, placed.start))
    return cited


def _report_spans(ctx: PageContext) -> dict:
    spans: dict = {}
    for index, placed in page_cases(ctx):
        spans.setdefault(index, []).extend((r.start, r.end) for r in placed.case.reports)
    return spans


def _judgment_label(judgment: Judgment) -> str:
    return f"{judgment.title('en')} ({judgment.decided.day} {judgment.decided:%B %Y})"


def case_contradicts_registry(ctx: PageContext):
    """Flags a law report of a known judgment whose year, volume or page the registry contradicts.

    Why: a report is how a reader finds a judgment; a wrong year, volume or page sends the
    prosecutor, the court or the trainee to another case, and copied citations spread the
    error from manual to manual. A report is checked against the reports that legal_refs.yml
    records for the judgment named beside it (its ``cases`` block), and a report that belongs
    to another judgment in the registry is reported too.

    Example: ``Vishal Jeet v. Union of India, (1990) 3 SCC 381`` is an error: the judgment is
    reported at (1990) 3 SCC 318.
    """
    judgments = ctx.project.registry.cases.judgments
    for _, placed in page_cases(ctx):
        for verdict in judge(placed.case, ctx.project.registry.cases):
            if verdict.kind != "contradicts":
                continue
            start, end = placed.at(verdict.report)
            written = ctx.page.text[start:end]
            named = placed.case.name.judgments
            title = judgments[named[0]].title("en")
            if verdict.owner is not None:
                message = f"{written} is a report of {_judgment_label(judgments[verdict.owner])}, not of {title}"
                suggestion = str(verdict.expected) if verdict.expected and len(named) == 1 else None
            else:
                meant = judgments[verdict.judgment]
                message = (f"{_judgment_label(meant)} is reported at {verdict.expected}; "
                           f"{written} has the wrong {' and '.join(verdict.differs)}")
                suggestion = str(verdict.expected)
            yield Finding(start, end, message, suggestion=suggestion)


def unknown_judgment(ctx: PageContext):
    """Notes a judgment, or a report of one, that the registry does not know, so kp cannot verify it.

    Why: kp checks case law only against the judgments in legal_refs.yml's ``cases`` block,
    each with its parties, date, reports and sources. A judgment the products rely on belongs
    there, so that its reports are checked wherever it is cited and it appears on the table
    of cases; until then its citation has not been verified.

    Example: ``Prajwala v. Union of India`` is noted while the registry has no such judgment,
    and so is ``(2011) 11 SCC 538`` written after ``Budhadev Karmaskar v. State of West
    Bengal``, for which the registry records no SCC report.
    """
    judgments = ctx.project.registry.cases.judgments
    for _, placed in page_cases(ctx):
        case = placed.case
        for verdict in judge(case, ctx.project.registry.cases):
            if verdict.kind == "unknown" and verdict.report is None:
                yield Finding(placed.segment.offset(case.name.start), placed.segment.offset(case.name.end - 1) + 1,
                              f"the judgment {case.title!r} is not in legal_refs.yml; it is not verified (add it under `cases` with its sources)")
            elif verdict.kind == "unknown":
                start, end = placed.at(verdict.report)
                yield Finding(start, end, f"{ctx.page.text[start:end]} is not a report of any judgment in legal_refs.yml; it is not verified")
            elif verdict.kind == "unrecorded":
                start, end = placed.at(verdict.report)
                title = judgments[case.name.judgments[0]].title("en")
                series = " ".join(filter(None, verdict.report.report.series))
                yield Finding(start, end, f"legal_refs.yml records no {series} report of {title}; {ctx.page.text[start:end]} is not verified")


def _known(ctx: PageContext, placed: PlacedCitation) -> tuple[Act, Provision | None] | None:
    act = ctx.project.registry.acts.get(placed.citation.act or "")
    if act is None:
        return None
    return act, act.provision(placed.citation.section)


def _label(act: Act, number: str, lang: str) -> str:
    unit = {"en": "Section", "hi": "धारा", "bn": "ধারা"}[lang]
    if act.unit == "article":
        unit = {"en": "Article", "hi": "अनुच्छेद", "bn": "অনুচ্ছেদ"}[lang]
    name = act.names.get(lang, act.names.get("en", (act.id,)))[0] if lang != "en" else act.id
    return f"{unit} {to_native_digits(number, lang)} {name}"


def _nonexistent(act: Act, number: str) -> bool:
    digits = "".join(ch for ch in number if ch.isdigit())
    if number in act.nonexistent:
        return True
    if act.highest is not None and digits and int(digits) > act.highest:
        return True
    return act.complete and number not in act.sections


def unknown_act(ctx: PageContext):
    """Flags a provision cited from an act that is not in legal_refs.yml.

    Why: kp can only vouch for what its registry knows. A misspelt or invented act name
    ("section 5 of the Immoral Trafficking Act") reaches print unnoticed otherwise. Add the
    act to legal_refs.yml with its sources, or correct the name.

    Example: ``section 5 of the Goa Children's Act, 2003`` is reported until the act is in
    the registry.
    """
    for placed in page_citations(ctx):
        if placed.citation.unknown_act:
            yield Finding(
                placed.segment.offset(placed.citation.start),
                placed.segment.offset(placed.citation.end - 1) + 1,
                f"the act {placed.citation.unknown_act!r} is not in legal_refs.yml; check its name or add it with its source",
            )


def nonexistent_provision(ctx: PageContext):
    """Flags a section or article that does not exist in the cited act.

    Why: numbers that do not exist (IPC 370B, ITPA 26, Article 25 of the Trafficking
    Protocol) circulate in manuals copied from one another. A section is known not to exist
    when it is above the act's highest number, is listed under ``nonexistent``, or the act's
    list of sections is complete and does not have it.

    Example: ``Section 370B IPC`` is an error: the IPC has 370 and 370A only.
    """
    for placed in page_citations(ctx):
        known = _known(ctx, placed)
        if known is None:
            continue
        act, provision = known
        if provision is None and _nonexistent(act, placed.citation.section):
            yield Finding(
                placed.start,
                placed.end,
                f"{act.id} has no {act.unit} {placed.citation.section}",
            )


def omitted_provision(ctx: PageContext):
    """Flags a citation of a provision that has been omitted from its act.

    Why: an omitted section (ITPA s.10, s.12) cannot be applied; citing it in an SOP sends an
    investigating officer to law that is no longer there.

    Example: ``Section 10 of the ITPA`` is an error.
    """
    for placed in page_citations(ctx):
        known = _known(ctx, placed)
        if known and known[1] is not None and known[1].status == "omitted":
            yield Finding(placed.start, placed.end, f"{known[0].id} {known[1].number} has been omitted from the act")


def heading_mismatch(ctx: PageContext):
    """Flags a heading written beside a citation that does not match the section's heading.

    Why: "Section 366 IPC (Procuration of minor girl)" sends the reader to the wrong
    offence; the number or the heading is wrong. The heading in brackets right after a
    citation is compared with the registry's heading in the page's language.

    Example: ``Section 370 IPC (Kidnapping)`` is reported; the heading of IPC 370 is
    "Trafficking of person".
    """
    lang = ctx.page.lang
    for placed in page_citations(ctx):
        written = placed.citation.heading
        known = _known(ctx, placed)
        if not written or known is None or known[1] is None or placed.citation.subsection:
            continue
        act, provision = known
        expected = provision.heading.get(lang) or (provision.heading.get("en") if lang == "en" else None)
        if not expected:
            continue
        a, b = fold_term(written), fold_term(expected)
        if a in b or b in a or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8:
            continue
        yield Finding(
            placed.start,
            placed.end,
            f"the heading {written!r} does not match {act.id} {provision.number}: {expected!r}",
            suggestion=expected,
        )


def _beside(ctx: PageContext, placed: PlacedCitation, act_id: str) -> list[PlacedCitation]:
    return [
        other
        for other in page_citations(ctx)
        if other.context == placed.context
        and other.citation.act == act_id
        and abs(other.citation.start - placed.citation.start) <= WINDOW
    ]


def _successor_text(ctx: PageContext, provision: Provision) -> str:
    registry, lang = ctx.project.registry, ctx.page.lang
    parts = []
    for ref in provision.successors:
        act = registry.acts[ref.act]
        parts.append(_label(act, ref.section + ref.subsection, lang))
    return ", ".join(parts)


def repealed_alone(ctx: PageContext):
    """Flags a repealed provision cited without its successor, for text about today's law.

    Why: since 1 July 2024 the IPC, the CrPC and the Indian Evidence Act are repealed; an FIR
    or charge-sheet for an offence committed since then cites the BNS, the BNSS and the BSA.
    Officers still know the old numbers, so manuals cite both: "Section 370 IPC (now Section
    143 BNS)". The setting ``dual_citation`` makes this an error (``required``), a warning
    (``suggested``) or silent (``off``); a page about earlier events sets ``law_as_of`` in its
    front matter. Quoted passages are left alone.

    Example: ``Section 370 IPC`` alone is reported with ``Section 143 BNS`` suggested.
    """
    mode = ctx.project.settings.dual_citation
    if mode == "off":
        return
    severity = Severity.ERROR if mode == "required" else Severity.WARNING
    for placed in page_citations(ctx):
        known = _known(ctx, placed)
        if known is None or known[1] is None or placed.quoted:
            continue
        act, provision = known
        if act.successor is None or status_on(act, provision, ctx.date) != "repealed":
            continue
        if _beside(ctx, placed, act.successor):
            continue
        successor = _successor_text(ctx, provision)
        message = f"{act.id} {provision.number} was repealed on {act.repealed.isoformat()}"
        yield Finding(
            placed.start,
            placed.end,
            message + (f"; cite its successor {successor} beside it" if successor else f"; cite the {act.successor} provision beside it"),
            suggestion=successor or None,
            severity=severity,
        )


def wrong_successor(ctx: PageContext):
    """Flags a new-code section written beside an old one that it does not replace.

    Why: tables mapping IPC to BNS circulate with wrong pairs (IPC 366 -> BNS 74, it is 87;
    CrPC 357C -> BNSS 398, it is 397). A wrong pair in a manual is copied into charge-sheets.
    Only pairs that the registry knows are checked.

    Example: ``Section 366 IPC (now Section 74 BNS)`` is an error; the successor is BNS 87.
    """
    for placed in page_citations(ctx):
        known = _known(ctx, placed)
        if known is None or known[1] is None or not known[1].successors or known[0].successor is None:
            continue
        act, provision = known
        written = _beside(ctx, placed, act.successor)
        if not written:
            continue
        right = {ref.section for ref in provision.successors}
        if any(other.citation.section in right for other in written):
            continue
        other = written[0]
        wrong = Reference(act.successor, other.citation.section)
        known_wrong = any(ref.section == wrong.section for ref in provision.wrong_successors)
        yield Finding(
            other.start,
            other.end,
            f"{act.id} {provision.number} is not replaced by {wrong}"
            + (" (a wrong pair that circulates in secondary sources)" if known_wrong else "")
            + f"; its successor is {', '.join(map(str, provision.successors))}",
            suggestion=_successor_text(ctx, provision),
        )


def unverified_provision(ctx: PageContext):
    """Notes a citation of a provision that the registry does not list, so kp cannot verify it.

    Why: legal accuracy is checked only against sourced entries. Citing a provision the
    registry lacks is not wrong, but its number and heading have not been verified; add it to
    legal_refs.yml with its source when the manual relies on it.

    Example: ``Section 103 BNS`` is noted while BNS 103 is not in the registry.
    """
    for placed in page_citations(ctx):
        known = _known(ctx, placed)
        if known is None or known[1] is not None:
            continue
        act, _ = known
        if not _nonexistent(act, placed.citation.section):
            yield Finding(placed.start, placed.end, f"{act.id} {placed.citation.section} is not in legal_refs.yml; it is not verified")
