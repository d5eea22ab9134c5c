"""The check engine: read pages, run the checks in the table, apply suppressions, cache.

Each page is analysed on its own into *findings* (not yet suppressed), its suppressions and
its *facts* (headings, anchors, links, citations, numbers, glossary concepts). The analysis
is cached by the page's content and the project's fingerprint (settings, data files and kp
itself), so re-checking the docs tree only reads what changed. Checks across pages (links,
translations) then run on the facts, and suppressions are applied last, so that results are
the same with and without the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .checks import RULES, known_code, selected
from .checks.base import Finding, PageContext
from .checks.legal import cited_judgments, finder, page_citations
from .checks.structure import anchors
from .checks.terminology import covered, exempt_spans
from .diagnostics import Diagnostic, Severity
from .expiry import ANALYSES, mark_folder_used
from .page import FrontMatterError, normalise_newlines, read_page, split_front_matter, split_link
from .reference import GENERATED
from .suppress import Suppression, parse_suppressions
from .text import WORD_END, WORD_START, PhraseMatcher, fold, fold_term, trie_pattern

CACHE_VERSION = "1"


class PageTimeout(Exception):
    pass


@dataclass
class PageResult:
    """The cached analysis of one page."""

    path: str
    findings: list[dict] = field(default_factory=list)
    suppressions: list[dict] = field(default_factory=list)
    facts: dict | None = None
    compared: dict = field(default_factory=dict)  # a translation's findings against its source, by the source's cache key

    def to_json(self) -> dict:
        return {"path": self.path, "findings": self.findings, "suppressions": self.suppressions, "facts": self.facts,
                "compared": self.compared}


@dataclass
class CheckRun:
    diagnostics: list[Diagnostic]
    fixes: dict  # file path -> list of (start, end, replacement) in the page's normalised text
    checked: int
    from_cache: int


def _finding(code: str, line: int, column: int, message: str, *, severity=None, suggestion=None,
             end=None, text="", fix=None) -> dict:
    rule = RULES[code]
    data = {
        "code": code,
        "severity": (severity or rule.severity).value,
        "line": line,
        "column": column,
        "message": message,
        "text": text,
        "suggestion": suggestion,
        "fix": fix,
    }
    if end:
        data["end_line"], data["end_column"] = end
    return data


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Interrupt a page that takes longer than ``seconds`` (main thread on POSIX only)."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise PageTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _decode(raw: bytes) -> tuple[str | None, str | None, int]:
    """The text of a page, or the reason it is not text and the line of the problem."""
    if b"\x00" in raw[:8192]:
        return None, "a binary file, not Markdown text; remove it from the docs folder", 1
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8", line
    return text, None, 0


@dataclass(frozen=True)
class Scope:
    """What an analysis computes: some page rules, and the facts that checks across pages use.

    The full scope is what the cache holds; ``kp check --select T001`` needs only T001, and
    skips the legal checks and the facts (and the cache, which keeps full analyses only).
    """

    codes: frozenset
    facts: bool = True

    @classmethod
    def full(cls) -> "Scope":
        return cls(frozenset(code for code, rule in RULES.items() if rule.kind == "page"))

    @classmethod
    def of(cls, select=None, ignore=None) -> "Scope":
        codes = frozenset(
            code for code, rule in RULES.items() if rule.kind == "page" and selected(code, select, ignore)
        )
        facts = any(selected(code, select, ignore) for code in FACT_RULES)
        return cls(codes, facts)

    @property
    def is_full(self) -> bool:
        return self.facts and self.codes == Scope.full().codes


FACT_RULES = ("S006", "S007", "T003", "L008", "X001", "X002", "X003")
"""The rules that read other pages' facts (links, anchors, translations)."""


def analyse(project, file: Path, shown: str, raw: bytes, scope: Scope | None = None) -> PageResult:
    """Analyse one page from its bytes: findings, suppressions and (unless not needed) facts."""
    result = PageResult(shown)
    settings = project.settings
    if len(raw) > settings.max_page_bytes:
        result.findings.append(_finding(
            "S008", 1, 1,
            f"{len(raw):,} bytes is over the limit of {settings.max_page_bytes:,} (max_page_bytes); split the page",
        ))
        return result
    text, problem, line = _decode(raw)
    if text is None:
        result.findings.append(_finding("S001", line, 1, problem))
        return result
    text = normalise_newlines(text)
    folder_lang = project.language_of(file)
    if folder_lang is None:
        result.findings.append(_finding(
            "S003", 1, 1,
            f"the folder of this page is not a configured language ({', '.join(settings.languages)}); "
            "move it or add the language to [tool.kp] languages",
        ))
        return result
    try:
        meta, body = split_front_matter(text)
    except FrontMatterError as error:
        result.findings.append(_finding("S002", error.line, 1, f"{error}; fix the front matter between the --- lines"))
        return result
    lang = meta.get("lang", folder_lang)
    if lang not in settings.languages:
        result.findings.append(_finding(
            "S003", 1, 1, f"front matter sets lang {lang!r}, which is not configured ({', '.join(settings.languages)})"
        ))
        return result
    try:
        with _time_limit(settings.max_page_seconds):
            page = read_page(shown, body, lang, meta)
            ctx = PageContext(page, project)
            for rule in RULES.values():
                if rule.kind != "page" or (scope is not None and rule.code not in scope.codes):
                    continue
                for found in rule.function(ctx):
                    result.findings.append(_from_finding(rule.code, page, found))
            if scope is None or scope.facts:
                result.facts = _facts(ctx)
    except PageTimeout:
        result.findings = [_finding(
            "S008", 1, 1,
            f"checking took longer than {settings.max_page_seconds:g} s (max_page_seconds); split the page",
        )]
        return result
    except RecursionError:
        result.findings = [_finding("S008", 1, 1, "nested too deeply to check; flatten the lists or quotes")]
        return result
    lines = text.split("\n")
    suppressions, problems = parse_suppressions(page.comments, page.position, lines, known_code)
    for problem in problems:
        result.findings.append(_finding("S005", problem.line, problem.column, problem.message))
    result.suppressions = [
        {"codes": list(s.codes), "first_line": s.first_line, "last_line": s.last_line, "line": s.line, "column": s.column}
        for s in suppressions
    ]
    return result


def _from_finding(code: str, page, found: Finding) -> dict:
    line, column = page.position(found.start)
    end = page.position(max(found.start, found.end - 1))
    return _finding(
        code, line, column, found.message,
        severity=found.severity, suggestion=found.suggestion,
        end=(end[0], end[1] + 1), text=page.text[found.start:found.end],
        fix=[found.start, found.end, found.fix] if found.fix is not None else None,
    )


_NUMBER = regex.compile(r"(?<![\p{L}\p{M}\p{Nd}])\d+(?:[.,]\d+)*")
_YEAR = regex.compile(r"(?:(?:,?\s*|\s+of\s+)\d{4}(?!\d))?")
_YEAR_BEFORE = regex.compile(r"(?:(?<!\d)\d{4}\s*(?:সালের|সালে|के|का|की)?\s*)?$")


def _facts(ctx: PageContext) -> dict:
    """What the checks across pages need to know of a page."""
    page, project = ctx.page, ctx.project
    heading_offsets = [h.offset for h in page.headings]

    def block_of(offset: int) -> int:
        return sum(1 for h in heading_offsets if h <= offset)

    def place(offset: int) -> dict:
        line, column = page.position(offset)
        return {"line": line, "column": column, "block": block_of(offset)}

    citations = page_citations(ctx)
    cited = {(c.start, c.end) for c in citations}
    act_names = finder(ctx).act_names
    numbers = []
    for segment in page.segments:
        folded = fold(segment.text)
        # An act's year ("Evidence Act, 1872") names the act; it is compared as a citation, not a number.
        named = [
            (start - len(_YEAR_BEFORE.search(folded.text[:start]).group(0)),
             end + len(_YEAR.match(folded.text, end).group(0)))
            for start, end in act_names(folded.text)
        ]
        for match in _NUMBER.finditer(folded.text):
            if any(s <= match.start() < e for s, e in named):
                continue
            start, end = folded.span(match.start(), match.end())
            offset = segment.offset(start)
            if any(s <= offset < e for s, e in cited):
                continue
            value = match.group(0).replace(",", "")
            numbers.append({"value": value, **place(offset)})
    concepts = []
    names = _concept_matcher(project, page.lang)
    if names is not None:
        pattern, index = names
        for segment in page.segments:
            folded = fold(segment.text)
            exempt = None
            for match in pattern.finditer(folded.text):
                start, end = folded.span(match.start(), match.end())
                concept = index.get(" ".join(match.group("term").split()))
                if not concept or concept in concepts:
                    continue
                # In the source, a statute's heading ("Exploitation of a trafficked person") does
                # not count as using a concept; in a translation any use does.
                if page.lang == project.settings.source_language:
                    exempt = exempt if exempt is not None else exempt_spans(segment, ctx)
                    if covered(start, end, exempt):
                        continue
                concepts.append(concept)
    return {
        "lang": page.lang,
        "title": page.meta.get("title") if isinstance(page.meta.get("title"), str) else None,
        "headings": [
            {"level": h.level, "text": h.text, "anchor": h.anchor, "line": page.position(h.offset)[0]}
            for h in page.headings
        ],
        "anchors": sorted(anchors(page.headings)),
        "links": [{"target": link.target, "kind": link.kind, **place(link.offset)} for link in page.links],
        "citations": [
            {"act": c.citation.act, "section": c.citation.section, **place(c.start)} for c in citations
        ],
        "cases": [{"case": judgment, **place(offset)} for judgment, offset in cited_judgments(ctx)],
        "numbers": numbers,
        "concepts": sorted(concepts),
    }


def _concept_matcher(project, lang: str):
    """A pattern for the names of defined glossary concepts, tolerant of inflection.

    Hindi and Bengali names match on their stem (the last letter may change: इकाई, इकाइयों;
    অভিযান, অভিযানের); English names may take a plural or possessive ending.
    """
    key = ("concept-names", lang)
    if key not in project.memo:
        index = {}
        for entry in project.glossary.entries:
            if not entry.definition:
                continue  # only defined glossary terms mark a concept; preferred wording alone is too generic
            for name in entry.names(lang):
                folded = " ".join(fold_term(name).split())
                stem = folded[:-1] if lang != "en" and len(folded.split()[-1]) >= 3 else folded
                index.setdefault(stem, entry.id)
        if not index:
            project.memo[key] = None
        else:
            pattern = WORD_START + f"(?P<term>{trie_pattern(sorted(index))})" + INFLECTION.get(lang, "") + WORD_END
            project.memo[key] = (PhraseMatcher(pattern, index), index)
    return project.memo[key]


INFLECTION = {"en": r"(?:s|es|'s|’s)?", "hi": r"[\p{L}\p{M}]{0,5}", "bn": r"(?:-?[\p{L}\p{M}]{0,5})"}
"""Endings a glossary name may take where the checks only need to know a concept is named
(Bengali উদ্ধার অভিযানের, Hindi पीड़ितों); tooltips and fixes match exact forms only."""


class Cache:
    """Page analyses on disk, keyed by the page's path and bytes and the project's fingerprint."""

    def __init__(self, project, enabled: bool):
        self.enabled = enabled
        self.folder = project.root / project.settings.cache_dir / f"{CACHE_VERSION}-{project.fingerprint[:20]}"

    @staticmethod
    def key(shown: str, raw: bytes) -> str:
        return hashlib.sha256(shown.encode() + b"\0" + raw).hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> PageResult | None:
        if not self.enabled:
            return None
        try:
            data = json.loads(self._file(key).read_bytes())
            return PageResult(data["path"], data["findings"], data["suppressions"], data["facts"], data.get("compared") or {})
        except (OSError, ValueError, KeyError):
            return None

    def mark_used(self) -> None:
        """Date this folder as in use, so that it outlives the folders of earlier fingerprints."""
        if self.enabled:
            mark_folder_used(self.folder, ANALYSES)

    def put(self, key: str, result: PageResult) -> None:
        if not self.enabled:
            return
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(result.to_json(), ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, target)
        except OSError:
            pass  # a cache that cannot be written only costs time


def expand(paths: list[Path], resolve=Path.resolve) -> list[Path]:
    """The Markdown files named or under the folders named, sorted, without duplicates.

    Two names are the same file where ``resolve`` gives the same path; a checker passes its
    own, which keeps what it resolves for the rest of the run.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*.md")) if p.is_file())
        else:
            files.append(path)
    seen, unique = set(), []
    for file in files:
        key = resolve(file)
        if key not in seen:
            seen.add(key)
            unique.append(file)
    return unique


class Checker:
    """Runs every check over a set of pages of one project."""

    def __init__(self, project, *, use_cache: bool = True):
        self.project = project
        self.cache = Cache(project, use_cache)
        self.results: dict[Path, PageResult] = {}
        self.hits = 0
        self.scope: Scope | None = None  # None: the full analysis
        self.root = project.root.resolve()
        self.root_parts = self.root.parts
        self.keys: dict[Path, Path] = {}
        self.cache_keys: dict[Path, str] = {}  # resolved path -> cache key, for full analyses only
        # During a run, translations' new analyses wait here to be written once, with their
        # comparison against the source, instead of once without it and again with it.
        self.unwritten: dict[str, PageResult] | None = None

    def _keep(self, key: Path, cache_key: str, result: PageResult) -> None:
        """Put a page's new analysis in the cache, if it is a full one."""
        if self.scope is None:
            self.cache_keys[key] = cache_key
            translation = result.facts is not None and result.facts["lang"] != self.project.settings.source_language
            if translation and self.unwritten is not None:
                self.unwritten[cache_key] = result
            else:
                self.cache.put(cache_key, result)

    def _cached(self, key: Path, cache_key: str) -> PageResult | None:
        cached = self.cache.get(cache_key)
        if cached is not None:
            self.hits += 1
            self.cache_keys[key] = cache_key
        return cached

    def _key(self, file: Path) -> Path:
        """``file`` with links resolved, once per checker (a run asks for each page several times)."""
        key = self.keys.get(file)
        if key is None:
            key = self.keys[file] = file.resolve()
        return key

    def _inside(self, path: Path) -> bool:
        """Whether the resolved ``path`` is under the project's folder (cheaper than ``path.parents``)."""
        return len(path.parts) > len(self.root_parts) and path.parts[:len(self.root_parts)] == self.root_parts

    def result(self, file: Path) -> PageResult:
        key = self._key(file)
        if key in self.results:
            return self.results[key]
        shown = self.project.relative(file)
        if not self._inside(key):
            result = PageResult(shown, [_finding("S006", 1, 1, "this file is a link to a place outside the project; copy the text in instead")])
            self.results[key] = result
            return result
        try:
            raw = file.read_bytes()
        except IsADirectoryError:
            raw = None
            result = PageResult(shown, [_finding("S001", 1, 1, "a folder, not a Markdown file")])
        except OSError as error:
            raw = None
            result = PageResult(shown, [_finding("S001", 1, 1, f"cannot read: {error.strerror}")])
        if raw is not None:
            cache_key = self.cache.key(shown, raw)
            result = self._cached(key, cache_key)
            if result is None:
                result = analyse(self.project, file, shown, raw, self.scope)
                self._keep(key, cache_key, result)
        self.results[key] = result
        return result

    def prefetch(self, files: list[Path], *, jobs: int | None = None) -> None:
        """Analyse the pages not in the cache on every core (worth it from a few dozen pages)."""
        todo = []
        for file in files:
            key = self._key(file)
            if key in self.results or not self._inside(key):
                continue
            try:
                raw = file.read_bytes()
            except OSError:
                continue
            shown = self.project.relative(file)
            cache_key = self.cache.key(shown, raw)
            cached = self._cached(key, cache_key)
            if cached is not None:
                self.results[key] = cached  # read once: result() will not read it again
            else:
                todo.append((key, cache_key, file, shown, raw))
        workers = min(jobs or os.cpu_count() or 1, len(todo) // 20)
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        global _WORKER_PROJECT
        _WORKER_PROJECT = self.project
        context = multiprocessing.get_context("fork")  # the workers share the loaded project
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            jobs_list = [(str(file), shown, raw, self.scope) for _, _, file, shown, raw in todo]
            for (key, cache_key, *_), result in zip(todo, pool.map(_analyse_in_worker, jobs_list, chunksize=8)):
                self._keep(key, cache_key, result)
                self.results[key] = result
        _WORKER_PROJECT = None

    def run(self, paths: list[Path], *, select=None, ignore=None) -> CheckRun:
        files = expand(paths, self._key)  # each file resolved once per checker
        scope = Scope.of(select, ignore)
        self.scope = None if scope.is_full else scope
        self.cache.mark_used()
        self.unwritten = {}
        try:
            self.prefetch(files)
            diagnostics: list[Diagnostic] = [
                d for d in self.project.diagnostics if selected(d.code, select, ignore)
            ]
            fixes: dict = {}
            for file in files:
                result = self.result(file)
                findings = list(result.findings)
                if result.facts is not None:
                    findings.extend(self._links(file, result))
                    findings.extend(self._translation(file, result))
                diagnostics.extend(self._finish(file, result, findings, select, ignore, fixes))
        finally:
            # Those not compared (no source, or not among the pages checked), as they are.
            for cache_key, result in self.unwritten.items():
                self.cache.put(cache_key, result)
            self.unwritten = None
        diagnostics.sort()
        return CheckRun(diagnostics, fixes, len(files), self.hits)

    def _finish(self, file, result, findings, select, ignore, fixes):
        suppressions = [
            Suppression(tuple(s["codes"]), s["first_line"], s["last_line"], s["line"], s["column"])
            for s in result.suppressions
        ]
        out = []
        for finding in findings:
            if not selected(finding["code"], select, ignore):
                continue
            hit = next((s for s in suppressions if s.covers(finding["code"], finding["line"])), None)
            if hit is not None:
                hit.used = True
                continue
            out.append(Diagnostic(
                result.path, finding["line"], finding["column"], finding["code"], Severity(finding["severity"]),
                finding["message"], finding.get("text") or "", finding.get("suggestion"),
                finding.get("end_line"), finding.get("end_column"),
            ))
            if finding.get("fix"):
                fixes.setdefault(file, []).append(tuple(finding["fix"]))
        for suppression in suppressions:
            relevant = [c for c in suppression.codes if any(selected(code, select, ignore) for code in RULES if code.startswith(c))]
            if not suppression.used and relevant and selected("S004", select, ignore):
                out.append(Diagnostic(
                    result.path, suppression.line, suppression.column, "S004", RULES["S004"].severity,
                    f"this kp-ignore for {', '.join(suppression.codes)} suppresses nothing; remove it",
                ))
        return out

    def _links(self, file: Path, result: PageResult):
        root = self.root
        for link in result.facts["links"]:
            parts = split_link(link["target"])
            if parts is None:
                continue
            path, anchor = parts
            if not path:
                if anchor and anchor not in result.facts["anchors"]:
                    yield _finding("S007", link["line"], link["column"], f"this page has no section #{anchor}")
                continue
            target = (file.parent / path).resolve()
            if target != root and not self._inside(target):
                yield _finding("S006", link["line"], link["column"], f"{link['target']!r} points outside the project")
                continue
            page = _page_file(target) or self._fallback(target)
            if page is None and self._generated(target):
                continue
            if page is None:
                what = "image" if link["kind"] == "image" else "link target"
                yield _finding("S006", link["line"], link["column"], f"{what} {path!r} does not exist")
                continue
            if anchor and page.suffix == ".md":
                facts = self.result(page).facts
                if facts is not None and anchor not in facts["anchors"]:
                    yield _finding("S007", link["line"], link["column"], f"{path!r} has no section #{anchor}")

    def _fallback(self, target: Path) -> Path | None:
        """The source-language page the site shows where a translation does not exist yet."""
        fallback = self.project.translation_of(target, self.project.settings.source_language)
        return _page_file(fallback.resolve()) if fallback is not None else None

    def _generated(self, target: Path) -> bool:
        """Whether a link points at a page the site generates (the glossary, the statute tables)."""
        docs = self.project.resolved_docs
        for lang in self.project.settings.languages:
            for relative in GENERATED.values():
                page = docs / lang / relative
                if target in (page, page.with_suffix(""), page.with_suffix("") / "index.md"):
                    return True
        return False

    def _translation(self, file: Path, result: PageResult):
        project = self.project
        source_lang = project.settings.source_language
        if result.facts["lang"] == source_lang:
            return
        source_file = project.translation_of(self._key(file), source_lang, resolved=True)
        if source_file is None or not source_file.is_file():
            return
        source = self.result(source_file).facts
        if source is None:
            return
        # The comparison depends on the two analyses only: a translation's cache entry keeps
        # it against the source as the source is now, so unchanged pairs are not compared again.
        own_key, source_key = self.cache_keys.get(self._key(file)), self.cache_keys.get(self._key(source_file))
        if own_key and source_key and source_key in result.compared:
            yield from result.compared[source_key]
            return
        findings = [
            _finding(rule.code, line, column, message, suggestion=suggestion)
            for rule in RULES.values() if rule.kind == "project"
            for line, column, message, suggestion in rule.function(source, result.facts, project)
        ]
        if own_key and source_key:
            result.compared = {source_key: findings}
            self.cache.put(own_key, result)
            if self.unwritten is not None:
                self.unwritten.pop(own_key, None)
        yield from findings


_TREE: dict = {}


def tree_checker(project) -> Checker:
    """One checker for the docs tree as it is now, shared by whoever asks in this process.

    A website build reads every page's analysis for the checks, and again for each language's
    table of statutes; with one checker, they are read once.
    """
    from .project import docs_snapshot

    key = (id(project), project.fingerprint, docs_snapshot(project))
    if _TREE.get("key") != key:
        _TREE.clear()
        _TREE.update(key=key, checker=Checker(project))
    return _TREE["checker"]


_WORKER_PROJECT = None


def _analyse_in_worker(job) -> PageResult:
    path, shown, raw, scope = job
    return analyse(_WORKER_PROJECT, Path(path), shown, raw, scope)


def _page_file(target: Path) -> Path | None:
    if target.is_file():
        return target
    if target.is_dir() and (target / "index.md").is_file():
        return target / "index.md"
    if target.with_suffix(".md").is_file():
        return target.with_suffix(".md")
    return None
