"""glossary.yml: victim-centric terminology and plain glossary terms, in en, hi and bn.

The file is written by consultants and reviewers; this module reads it into
:class:`GlossaryEntry` objects, validates it (every problem at its line and key), and
compiles, per language, one matcher for all the terms to avoid. An entry whose own
``examples`` are not caught by its rule is refused, as prh refuses a rule whose specs fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .datafile import DataFile, DataFileError, Problems
from .diagnostics import Severity
from .text import CLITICS, PhraseMatcher, fold, fold_term, term_pattern

LANGUAGES = ("en", "hi", "bn")
SEVERITIES = {s.value: s for s in Severity}


@dataclass(frozen=True)
class AvoidTerm:
    """A term to avoid in one language, with the forms it takes and the fixes that are safe."""

    concept: str
    lang: str
    term: str
    forms: tuple[str, ...]
    severity: Severity
    fixes: tuple[tuple[str, str], ...]  # (folded form, replacement) pairs
    line: int

    def fix_for(self, matched: str) -> str | None:
        """The replacement for exactly this matched form, if one is declared for it."""
        key = " ".join(fold_term(matched).split())
        for form, replacement in self.fixes:
            if form == key:
                return replacement
        return None


@dataclass(frozen=True)
class Example:
    lang: str
    text: str
    fixed: str | None
    must_fire: bool
    line: int


@dataclass(frozen=True)
class GlossaryEntry:
    """One concept: its preferred term in each language, and what to avoid in its place."""

    id: str
    preferred: dict
    aliases: dict
    definition: dict
    reason: dict
    source: tuple[str, ...]
    proposed: tuple[str, ...]
    avoid: dict  # lang -> tuple[AvoidTerm, ...]
    allow_in: tuple[str, ...]
    examples: tuple[Example, ...]
    line: int

    def names(self, lang: str) -> list[str]:
        """The preferred term and its accepted aliases in ``lang``."""
        names = [self.preferred.get(lang, "")] + list(self.aliases.get(lang, ()))
        return [n for n in names if n]


@dataclass(frozen=True)
class TermMatch:
    start: int  # in the original text
    end: int
    text: str
    term: AvoidTerm


@dataclass
class ChildConsentRule:
    """Word lists for the rule that consent or sex-work wording never applies to a child."""

    child: dict = field(default_factory=dict)
    consent: dict = field(default_factory=dict)
    negation: dict = field(default_factory=dict)


@dataclass
class Glossary:
    entries: list[GlossaryEntry] = field(default_factory=list)
    sources: dict = field(default_factory=dict)
    child_consent: ChildConsentRule = field(default_factory=ChildConsentRule)
    _matchers: dict = field(default_factory=dict, repr=False)

    def by_id(self, concept: str) -> GlossaryEntry | None:
        for entry in self.entries:
            if entry.id == concept:
                return entry
        return None

    def avoid_terms(self, lang: str) -> list[AvoidTerm]:
        return [term for entry in self.entries for term in entry.avoid.get(lang, ())]

    def allowed_phrases(self) -> list[str]:
        """Phrases in which an avoided word is legitimate (statute titles, headings), any language."""
        return [phrase for entry in self.entries for phrase in entry.allow_in]

    def matcher(self, lang: str):
        """A compiled pattern for every avoided form in ``lang`` and a map from form to term."""
        if lang not in self._matchers:
            forms: dict[str, AvoidTerm] = {}
            for term in self.avoid_terms(lang):
                for form in (term.term, *term.forms):
                    forms.setdefault(" ".join(fold_term(form).split()), term)
            pattern = PhraseMatcher(term_pattern(forms, clitics=CLITICS.get(lang, "")), forms) if forms else None
            self._matchers[lang] = (pattern, forms)
        return self._matchers[lang]

    def find(self, text: str, lang: str) -> list[TermMatch]:
        """Avoided terms in ``text`` (any script, any normalisation), at original positions."""
        pattern, forms = self.matcher(lang)
        if pattern is None:
            return []
        folded = fold(text)
        matches = []
        for match in pattern.finditer(folded.text):
            key = " ".join(match.group(0).split())
            end_at = match.end()
            if key not in forms:  # a clitic follows the term: report the term itself
                key = key[:-1]
                end_at -= 1
            start, end = folded.span(match.start(), end_at)
            matches.append(TermMatch(start, end, text[start:end], forms[key]))
        return matches


def load_glossary(datafile: DataFile, *, examples_hold: bool = False) -> tuple[Glossary, list[DataFileError]]:
    """Build a :class:`Glossary` from a loaded file; entries with errors are left out.

    ``examples_hold``: this very file's examples were run before, by this very code, and
    all held (:func:`kp.project.load_project` keeps a note of that), so they are not run again.
    """
    problems = Problems(datafile)
    glossary = Glossary()
    data = problems.mapping(
        datafile.data, (), required=("version", "concepts"), optional=("sources", "child_consent")
    )
    if data is None:
        return glossary, problems.errors
    if data.get("version") != 1:
        problems.add(("version",), "only version 1 of the glossary format is known")
    sources = data.get("sources") or {}
    if problems.mapping(sources, ("sources",)) is not None:
        for key, value in sources.items():
            if problems.text(value, ("sources", key)):
                glossary.sources[key] = value
    if "child_consent" in data:
        glossary.child_consent = _child_consent(problems, data["child_consent"])
    concepts = data.get("concepts")
    if not problems.of_type(concepts, ("concepts",), list, "a list of concepts"):
        return glossary, problems.errors
    seen: dict[str, int] = {}
    seen_forms: dict[tuple[str, str], str] = {}
    candidates: list[tuple[GlossaryEntry, tuple]] = []
    for index, raw in enumerate(concepts):
        key_path = ("concepts", index)
        before = len(problems.errors)
        entry = _entry(problems, raw, key_path, glossary.sources)
        if entry is None or len(problems.errors) > before:
            continue
        if entry.id in seen:
            problems.add(key_path + ("id",), f"duplicate concept id {entry.id!r}", "C003")
            continue
        seen[entry.id] = index
        clash = False
        for lang, terms in entry.avoid.items():
            for term in terms:
                for form in (term.term, *term.forms):
                    folded = " ".join(fold_term(form).split())
                    other = seen_forms.get((lang, folded))
                    if other is not None and other != entry.id:
                        problems.add(
                            key_path + ("avoid", lang),
                            f"{form!r} is already a term to avoid in concept {other!r}",
                            "C003",
                        )
                        clash = True
                    seen_forms[(lang, folded)] = entry.id
        if clash:
            continue
        candidates.append((entry, key_path))
    # Examples are run through the glossary as a whole (one matcher per language, as the
    # checks use it), so an example also fails where another entry's longer term takes it.
    if examples_hold:
        glossary.entries = [entry for entry, _ in candidates]
        return glossary, problems.errors
    whole = Glossary(entries=[entry for entry, _ in candidates])
    glossary.entries = [entry for entry, key_path in candidates if _examples_hold(problems, entry, key_path, whole)]
    if len(glossary.entries) == len(whole.entries):
        glossary._matchers = whole._matchers
    return glossary, problems.errors


def _lang_map(problems: Problems, value, key_path, *, required=False) -> dict:
    if value is None:
        if required:
            problems.add(key_path, "missing; give it in en, hi and bn")
        return {}
    mapping = problems.mapping(value, key_path, required=LANGUAGES if required else (), optional=LANGUAGES)
    if mapping is None:
        return {}
    return {lang: text for lang, text in mapping.items() if problems.text(text, key_path + (lang,))}


def _lang_lists(problems: Problems, value, key_path) -> dict:
    if value is None:
        return {}
    mapping = problems.mapping(value, key_path, optional=LANGUAGES)
    if mapping is None:
        return {}
    return {lang: tuple(problems.text_list(v, key_path + (lang,))) for lang, v in mapping.items()}


_ENTRY_KEYS = (
    "preferred", "aliases", "definition", "proposed", "severity", "reason",
    "source", "avoid", "allow_in", "examples",
)


def _entry(problems: Problems, raw, key_path, sources) -> GlossaryEntry | None:
    data = problems.mapping(raw, key_path, required=("id", "preferred"), optional=_ENTRY_KEYS)
    if data is None or "id" not in data:
        return None
    concept = data["id"]
    if not problems.text(concept, key_path + ("id",)):
        return None
    if not regex.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", concept):
        problems.add(key_path + ("id",), f"{concept!r} must be lower-case words joined by hyphens")
    preferred = _lang_map(problems, data.get("preferred"), key_path + ("preferred",), required=True)
    definition = _lang_map(problems, data.get("definition"), key_path + ("definition",))
    reason = _lang_map(problems, data.get("reason"), key_path + ("reason",))
    aliases = _lang_lists(problems, data.get("aliases"), key_path + ("aliases",))
    source = tuple(problems.text_list(data.get("source", []), key_path + ("source",)))
    for index, key in enumerate(source):
        if key not in sources:
            problems.add(key_path + ("source", index), f"unknown source {key!r}; define it under `sources`", "C004")
    proposed = tuple(problems.text_list(data.get("proposed", []), key_path + ("proposed",)))
    for index, lang in enumerate(proposed):
        problems.choice(lang, key_path + ("proposed", index), LANGUAGES)
    default = data.get("severity", "warning")
    problems.choice(default, key_path + ("severity",), tuple(SEVERITIES))
    avoid = _avoid(problems, data.get("avoid"), key_path + ("avoid",), concept, SEVERITIES.get(default, Severity.WARNING))
    if avoid:
        if not source:
            problems.add(key_path, "a concept with terms to avoid needs a `source`")
        if not reason:
            problems.add(key_path, "a concept with terms to avoid needs a `reason`")
    elif not definition:
        problems.add(key_path, "a concept needs terms to `avoid`, a `definition`, or both")
    allow_in = tuple(problems.text_list(data.get("allow_in", []), key_path + ("allow_in",)))
    examples = _examples(problems, data.get("examples"), key_path + ("examples",))
    for lang in avoid:
        if not any(e.lang == lang and e.must_fire for e in examples):
            problems.add(key_path + ("examples",), f"needs at least one example in {lang!r} that the rule catches")
    return GlossaryEntry(
        id=concept,
        preferred=preferred,
        aliases=aliases,
        definition=definition,
        reason=reason,
        source=source,
        proposed=proposed,
        avoid=avoid,
        allow_in=allow_in,
        examples=examples,
        line=problems.file.line_of(key_path),
    )


def _avoid(problems: Problems, value, key_path, concept: str, default: Severity) -> dict:
    if value is None:
        return {}
    mapping = problems.mapping(value, key_path, optional=LANGUAGES)
    if mapping is None:
        return {}
    result = {}
    for lang, items in mapping.items():
        if not problems.of_type(items, key_path + (lang,), list, "a list of terms"):
            continue
        terms = []
        for index, item in enumerate(items):
            item_path = key_path + (lang, index)
            data = problems.mapping(item, item_path, required=("term",), optional=("forms", "severity", "fix"))
            if data is None or not problems.text(data.get("term"), item_path + ("term",)):
                continue
            forms = tuple(problems.text_list(data.get("forms", []), item_path + ("forms",)))
            severity = default
            if "severity" in data and problems.choice(data["severity"], item_path + ("severity",), tuple(SEVERITIES)):
                severity = SEVERITIES[data["severity"]]
            fixes = []
            known = {" ".join(fold_term(f).split()) for f in (data["term"], *forms)}
            fix_map = data.get("fix") or {}
            if problems.mapping(fix_map, item_path + ("fix",)) is not None:
                for form, replacement in fix_map.items():
                    folded = " ".join(fold_term(form).split())
                    if folded not in known:
                        problems.add(item_path + ("fix", form), f"{form!r} is not the term or one of its forms")
                    elif problems.text(replacement, item_path + ("fix", form)):
                        fixes.append((folded, replacement))
            terms.append(
                AvoidTerm(concept, lang, data["term"], forms, severity, tuple(fixes), problems.file.line_of(item_path))
            )
        if terms:
            result[lang] = tuple(terms)
    return result


def _examples(problems: Problems, value, key_path) -> tuple[Example, ...]:
    if value is None:
        return ()
    if not problems.of_type(value, key_path, list, "a list of examples"):
        return ()
    examples = []
    for index, raw in enumerate(value):
        item_path = key_path + (index,)
        data = problems.mapping(raw, item_path, required=("lang",), optional=("from", "to", "ok"))
        if data is None or not problems.choice(data.get("lang"), item_path + ("lang",), LANGUAGES):
            continue
        line = problems.file.line_of(item_path)
        if ("from" in data) == ("ok" in data):
            problems.add(item_path, "an example has either `from` (text the rule catches) or `ok` (text it must not)")
            continue
        if "from" in data:
            if problems.text(data["from"], item_path + ("from",)):
                fixed = data.get("to")
                if fixed is not None and not problems.text(fixed, item_path + ("to",)):
                    continue
                examples.append(Example(data["lang"], data["from"], fixed, True, line))
        elif problems.text(data["ok"], item_path + ("ok",)):
            if "to" in data:
                problems.add(item_path + ("to",), "`to` goes with `from`, not with `ok`")
            examples.append(Example(data["lang"], data["ok"], None, False, line))
    return tuple(examples)


def _examples_hold(problems: Problems, entry: GlossaryEntry, key_path, whole: Glossary) -> bool:
    """Run the entry's examples against its own rule, as the loader's guarantee."""
    ok = True
    for example in entry.examples:
        own = {id(term) for term in entry.avoid.get(example.lang, ())}
        found = [match for match in whole.find(example.text, example.lang) if id(match.term) in own]
        if example.must_fire and not found:
            problems.add(key_path, f"its rule does not catch its own example {example.text!r}", "C005", example.line)
            ok = False
        elif not example.must_fire and found:
            problems.add(key_path, f"its rule fires on {found[0].text!r} in the example that must not fire", "C005", example.line)
            ok = False
        elif example.fixed is not None:
            fixed = apply_fixes(example.text, found)
            if fixed != example.fixed:
                problems.add(
                    key_path,
                    f"fixing its example gives {fixed!r}, not the expected {example.fixed!r}",
                    "C005",
                    example.line,
                )
                ok = False
    return ok


def replacement_for(match: TermMatch) -> str | None:
    """The fixed text for a match, keeping an initial capital, or None if no safe fix exists."""
    replacement = match.term.fix_for(match.text)
    if replacement is None:
        return None
    if match.text[:1].isupper() and not match.text.isupper():
        replacement = replacement[:1].upper() + replacement[1:]
    return replacement


def apply_fixes(text: str, matches: list[TermMatch]) -> str:
    """``text`` with every match that has a safe fix replaced (right to left)."""
    for match in sorted(matches, key=lambda m: m.start, reverse=True):
        replacement = replacement_for(match)
        if replacement is not None:
            text = text[: match.start] + replacement + text[match.end :]
    return text


def _child_consent(problems: Problems, value) -> ChildConsentRule:
    key_path = ("child_consent",)
    data = problems.mapping(value, key_path, required=("child", "consent", "negation"))
    if data is None:
        return ChildConsentRule()
    return ChildConsentRule(
        child=_lang_lists(problems, data.get("child"), key_path + ("child",)),
        consent=_lang_lists(problems, data.get("consent"), key_path + ("consent",)),
        negation=_lang_lists(problems, data.get("negation"), key_path + ("negation",)),
    )
