"""legal_refs.yml: the acts and provisions that the knowledge products cite.

Legal reviewers write the registry; kp reads it into :class:`Act` and :class:`Provision`
objects and validates it as it loads: every successor names an act and section that exist,
no name belongs to two acts, dates are consistent, every provision carries its source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import regex

from .cases import CaseLaw, load_caselaw
from .datafile import DataFile, DataFileError, Problems
from .text import fold_term

LANGUAGES = ("en", "hi", "bn")
STATUSES = ("in_force", "omitted", "repealed")
CONFIDENCE = ("V", "M", "U")

_SECTION_KEY = regex.compile(r"\d+[A-Z]{0,3}")
_REFERENCE = regex.compile(r"^([A-Z][A-Z0-9]*)\s+(\d+[A-Z]{0,3})((?:\([0-9A-Za-z]+\))*)$")


@dataclass(frozen=True)
class Reference:
    """A provision named as ``ACT SECTION(SUB)``, e.g. ``BNS 61(2)``."""

    act: str
    section: str
    subsection: str = ""

    def __str__(self) -> str:
        return f"{self.act} {self.section}{self.subsection}"

    @classmethod
    def parse(cls, text: str) -> Reference | None:
        match = _REFERENCE.match(text.strip())
        if not match:
            return None
        return cls(match.group(1), match.group(2), match.group(3))


@dataclass(frozen=True)
class Provision:
    act: str
    number: str
    heading: dict
    status: str
    successors: tuple[Reference, ...]
    wrong_successors: tuple[Reference, ...]
    source: tuple[str, ...]
    confidence: str | None
    note: str | None
    line: int


@dataclass(frozen=True)
class Act:
    id: str
    title: dict
    names: dict  # lang -> tuple of names
    year: int
    number: str | None
    enacted: dt.date | None
    in_force: dt.date | None
    repealed: dt.date | None
    successor: str | None
    unit: str
    complete: bool
    highest: int | None
    nonexistent: frozenset
    source: tuple[str, ...]
    sections: dict  # number -> Provision
    line: int

    def all_names(self) -> list[str]:
        names = [n for lang in LANGUAGES for n in self.names.get(lang, ())]
        names += [self.id]
        return names

    def provision(self, number: str) -> Provision | None:
        return self.sections.get(number)


@dataclass
class Registry:
    acts: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    cases: CaseLaw = field(default_factory=CaseLaw)  # the judgments (legal_refs.yml's `cases`)

    def resolve(self, reference: Reference) -> Provision | None:
        act = self.acts.get(reference.act)
        return act.sections.get(reference.section) if act else None

    def name_index(self) -> dict:
        """Folded act name -> act id, for every name in every language."""
        index = {}
        for act in self.acts.values():
            for name in act.all_names():
                index.setdefault(" ".join(fold_term(name).split()), act.id)
        return index

    def headings(self, lang: str) -> list[str]:
        return [
            p.heading[lang]
            for act in self.acts.values()
            for p in act.sections.values()
            if lang in p.heading
        ]

    def titles(self) -> list[str]:
        return [t for act in self.acts.values() for t in act.title.values()]


_ACT_KEYS = (
    "title", "names", "year", "number", "enacted", "in_force", "repealed", "successor",
    "unit", "complete", "highest", "nonexistent", "source", "sections", "note",
)
_SECTION_KEYS = ("heading", "status", "successor", "wrong_successors", "source", "confidence", "note")


def load_registry(datafile: DataFile) -> tuple[Registry, list[DataFileError]]:
    """Build a :class:`Registry` from a loaded legal_refs.yml, with every problem located."""
    problems = Problems(datafile)
    registry = Registry()
    data = problems.mapping(datafile.data, (), required=("version", "sources", "acts"), optional=("cases",))
    if data is None:
        return registry, problems.errors
    if data.get("version") != 1:
        problems.add(("version",), "only version 1 of the registry format is known")
    if problems.mapping(data.get("sources"), ("sources",)) is not None:
        for key, value in data["sources"].items():
            if problems.text(value, ("sources", key)):
                registry.sources[key] = value
    acts = problems.mapping(data.get("acts"), ("acts",))
    for act_id, raw in (acts or {}).items():
        act = _act(problems, act_id, raw, ("acts", act_id), registry.sources)
        if act is not None:
            registry.acts[act_id] = act
    _cross_checks(problems, registry)
    registry.cases = load_caselaw(problems, data.get("cases"))
    return registry, problems.errors


def _date(problems: Problems, value, key_path) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    problems.add(key_path, "expected a date written as YYYY-MM-DD")
    return None


def _sources(problems: Problems, value, key_path, known) -> tuple[str, ...]:
    keys = tuple(problems.text_list(value if value is not None else [], key_path))
    for index, key in enumerate(keys):
        if key not in known:
            problems.add(key_path + (index,), f"unknown source {key!r}; define it under `sources`", "C004")
    return keys


def _references(problems: Problems, value, key_path) -> tuple[Reference, ...]:
    refs = []
    for index, text in enumerate(problems.text_list(value if value is not None else [], key_path)):
        ref = Reference.parse(text)
        if ref is None:
            problems.add(key_path + (index,), f"{text!r} is not a provision written as 'ACT 123A(1)(a)'")
        else:
            refs.append(ref)
    return tuple(refs)


def _act(problems: Problems, act_id: str, raw, key_path, sources) -> Act | None:
    data = problems.mapping(raw, key_path, required=("title", "names", "year", "unit", "source", "sections"), optional=_ACT_KEYS)
    if data is None:
        return None
    if not regex.fullmatch(r"[A-Z][A-Z0-9]*", act_id):
        problems.add(key_path, f"act id {act_id!r} must be upper-case letters and digits")
    title = {}
    if problems.mapping(data.get("title"), key_path + ("title",), required=("en",), optional=LANGUAGES) is not None:
        title = {k: v for k, v in data["title"].items() if problems.text(v, key_path + ("title", k))}
    names = {}
    if problems.mapping(data.get("names"), key_path + ("names",), required=("en",), optional=LANGUAGES) is not None:
        names = {k: tuple(problems.text_list(v, key_path + ("names", k))) for k, v in data["names"].items()}
    year = data.get("year")
    problems.of_type(year, key_path + ("year",), int, "a year")
    unit = data.get("unit")
    problems.choice(unit, key_path + ("unit",), ("section", "article"))
    highest = data.get("highest")
    if highest is not None:
        problems.of_type(highest, key_path + ("highest",), int, "a number")
    complete = data.get("complete", False)
    problems.of_type(complete, key_path + ("complete",), bool, "true or false")
    nonexistent = frozenset(problems.text_list(data.get("nonexistent", []), key_path + ("nonexistent",)))
    sections = {}
    raw_sections = problems.mapping(data.get("sections"), key_path + ("sections",))
    for number, raw_section in (raw_sections or {}).items():
        provision = _provision(problems, act_id, str(number), raw_section, key_path + ("sections", number), sources)
        if provision is not None:
            sections[provision.number] = provision
            if provision.number in nonexistent:
                problems.add(key_path + ("sections", number), "is listed both as a section and under `nonexistent`")
    return Act(
        id=act_id,
        title=title,
        names=names,
        year=year if isinstance(year, int) else 0,
        number=data.get("number"),
        enacted=_date(problems, data.get("enacted"), key_path + ("enacted",)),
        in_force=_date(problems, data.get("in_force"), key_path + ("in_force",)),
        repealed=_date(problems, data.get("repealed"), key_path + ("repealed",)),
        successor=data.get("successor"),
        unit=unit if unit in ("section", "article") else "section",
        complete=bool(complete),
        highest=highest if isinstance(highest, int) else None,
        nonexistent=nonexistent,
        source=_sources(problems, data.get("source"), key_path + ("source",), sources),
        sections=sections,
        line=problems.file.line_of(key_path),
    )


def _provision(problems: Problems, act_id, number, raw, key_path, sources) -> Provision | None:
    if not _SECTION_KEY.fullmatch(number):
        problems.add(key_path, f"section {number!r} must be a number with an optional capital-letter suffix (370A)")
        return None
    data = problems.mapping(raw, key_path, required=("source",), optional=_SECTION_KEYS)
    if data is None:
        return None
    heading = {}
    if data.get("heading") is not None and problems.mapping(data["heading"], key_path + ("heading",), optional=LANGUAGES) is not None:
        heading = {k: v for k, v in data["heading"].items() if problems.text(v, key_path + ("heading", k))}
    status = data.get("status", "in_force")
    problems.choice(status, key_path + ("status",), STATUSES)
    confidence = data.get("confidence")
    if confidence is not None:
        problems.choice(confidence, key_path + ("confidence",), CONFIDENCE)
    source = _sources(problems, data.get("source"), key_path + ("source",), sources)
    if not source:
        problems.add(key_path + ("source",), "every provision needs a source")
    return Provision(
        act=act_id,
        number=number,
        heading=heading,
        status=status,
        successors=_references(problems, data.get("successor"), key_path + ("successor",)),
        wrong_successors=_references(problems, data.get("wrong_successors"), key_path + ("wrong_successors",)),
        source=source,
        confidence=confidence,
        note=data.get("note"),
        line=problems.file.line_of(key_path),
    )


def _cross_checks(problems: Problems, registry: Registry) -> None:
    """What can only be checked once every act is read: successors, names, dates."""
    owners: dict[str, str] = {}
    for act in registry.acts.values():
        key_path = ("acts", act.id)
        for name in act.all_names():
            folded = " ".join(fold_term(name).split())
            owner = owners.setdefault(folded, act.id)
            if owner != act.id:
                problems.add(key_path + ("names",), f"name {name!r} also belongs to {owner}; a name must identify one act", "C003")
        if act.successor is not None and act.successor not in registry.acts:
            problems.add(key_path + ("successor",), f"successor act {act.successor!r} is not in the registry", "C004")
        if act.repealed is not None and act.successor is None:
            problems.add(key_path + ("repealed",), "a repealed act needs its `successor` act (or null with a note)")
        if act.in_force and act.enacted and act.in_force < act.enacted:
            problems.add(key_path + ("in_force",), "comes before the date the act was enacted")
        if act.repealed and act.in_force and act.repealed <= act.in_force:
            problems.add(key_path + ("repealed",), "comes before the date the act came into force")
        for number, provision in act.sections.items():
            section_path = key_path + ("sections", number)
            if act.highest is not None and _numeric(number) > act.highest:
                problems.add(section_path, f"is above the act's highest section {act.highest}")
            for ref in provision.successors + provision.wrong_successors:
                if ref.act not in registry.acts:
                    problems.add(section_path, f"successor {ref} names an act that is not in the registry", "C004")
                elif ref.section not in registry.acts[ref.act].sections:
                    problems.add(section_path, f"successor {ref} is not a section in the registry; add it under {ref.act}", "C004")
            if provision.successors and act.repealed is None and provision.status != "repealed":
                problems.add(section_path + ("successor",), "only a repealed provision has a successor")
            overlap = set(provision.successors) & set(provision.wrong_successors)
            if overlap:
                problems.add(section_path, f"{', '.join(map(str, overlap))} is both a successor and a wrong successor")


def _numeric(number: str) -> int:
    match = regex.match(r"\d+", number)
    return int(match.group(0)) if match else 0


def status_on(act: Act, provision: Provision | None, date: dt.date) -> str:
    """The status of a provision on ``date``: in_force, omitted or repealed."""
    if provision is not None and provision.status != "in_force":
        return provision.status
    if act.repealed is not None and date >= act.repealed:
        return "repealed"
    return "in_force"
