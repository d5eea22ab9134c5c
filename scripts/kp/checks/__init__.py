"""The table of every code kp reports: its name, default severity and the function behind it.

Codes are stable. Families: ``T`` terminology, ``L`` legal citations, ``X`` translations,
``S`` structure and links, ``C`` configuration files. ``kp explain CODE`` prints the
function's docstring.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable

from ..diagnostics import Severity
from . import configuration, legal, structure, terminology, translation

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    function: Callable
    kind: str  # "page": run on each page; "project": across pages; "engine": reported by the engine itself

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.function.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0]

    @property
    def family(self) -> str:
        return self.code[0]


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in [
        Rule("C001", "unreadable-config", E, configuration.unreadable_config, "engine"),
        Rule("C002", "invalid-config", E, configuration.invalid_config, "engine"),
        Rule("C003", "duplicate-in-config", E, configuration.duplicate_in_config, "engine"),
        Rule("C004", "unknown-reference-in-config", E, configuration.unknown_reference, "engine"),
        Rule("C005", "glossary-example-fails", E, configuration.example_fails, "engine"),
        Rule("S001", "unreadable-page", E, structure.unreadable, "engine"),
        Rule("S002", "bad-front-matter", E, structure.bad_front_matter, "engine"),
        Rule("S003", "unconfigured-language", E, structure.unconfigured_language, "engine"),
        Rule("S004", "unused-suppression", W, structure.unused_suppression, "engine"),
        Rule("S005", "bad-suppression", E, structure.bad_suppression, "engine"),
        Rule("S006", "broken-link", E, structure.broken_link, "engine"),
        Rule("S007", "broken-anchor", E, structure.broken_anchor, "engine"),
        Rule("S008", "page-too-large", E, structure.too_large, "engine"),
        Rule("S009", "heading-without-anchor", W, structure.heading_without_anchor, "page"),
        Rule("T001", "avoided-term", W, terminology.avoided_term, "page"),
        Rule("T002", "child-consent", E, terminology.child_consent, "page"),
        Rule("T003", "translation-term", W, translation.translation_term, "project"),
        Rule("L001", "unknown-act", W, legal.unknown_act, "page"),
        Rule("L002", "nonexistent-provision", E, legal.nonexistent_provision, "page"),
        Rule("L003", "omitted-provision", E, legal.omitted_provision, "page"),
        Rule("L004", "heading-mismatch", W, legal.heading_mismatch, "page"),
        Rule("L005", "repealed-cited-alone", E, legal.repealed_alone, "page"),
        Rule("L006", "wrong-successor", E, legal.wrong_successor, "page"),
        Rule("L007", "unverified-provision", I, legal.unverified_provision, "page"),
        Rule("L008", "translation-citation", E, translation.translation_citations, "project"),
        Rule("L009", "case-report-contradicts-registry", E, legal.case_contradicts_registry, "page"),
        Rule("L010", "unknown-judgment", I, legal.unknown_judgment, "page"),
        Rule("X001", "translation-headings", W, translation.heading_parity, "project"),
        Rule("X002", "translation-numbers", E, translation.number_parity, "project"),
        Rule("X003", "translation-links", W, translation.link_parity, "project"),
    ]
}

FAMILIES = {"T": "terminology", "L": "legal citations", "X": "translations", "S": "structure and links", "C": "configuration files"}


def selected(code: str, select: list[str] | None, ignore: list[str] | None) -> bool:
    """Whether ``code`` is reported under ``--select`` / ``--ignore`` (codes or family letters)."""

    def matches(patterns):
        return any(code == p or (len(p) < len(code) and code.startswith(p)) for p in patterns)

    if select and not matches(select):
        return False
    return not (ignore and matches(ignore))


def known_code(pattern: str) -> bool:
    return pattern in RULES or (0 < len(pattern) < 4 and any(code.startswith(pattern) for code in RULES))
