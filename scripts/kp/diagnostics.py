"""The one type for everything kp reports, and the formats it is printed in."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A finding at a place in a file: content and configuration alike.

    ``line`` and ``column`` are 1-based; the column counts characters (code points), so it
    is right on Hindi and Bengali lines. ``text`` is what was matched, ``suggestion`` the
    replacement or fix to offer where there is one.
    """

    path: str
    line: int
    column: int
    code: str
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    text: str = field(default="", compare=False)
    suggestion: str | None = field(default=None, compare=False)
    end_line: int | None = field(default=None, compare=False)
    end_column: int | None = field(default=None, compare=False)

    def to_dict(self) -> dict:
        # Not dataclasses.asdict, which deep-copies every value: half the time of printing
        # thousands of findings as JSON.
        data = {name: getattr(self, name) for name in _FIELDS}
        data["severity"] = self.severity.value
        return {key: value for key, value in data.items() if value is not None}


_FIELDS = tuple(f.name for f in fields(Diagnostic))


def fails(diagnostics, strict: bool = False) -> bool:
    """Whether these findings make a run fail: any error, or with ``strict`` any warning."""
    threshold = Severity.WARNING.rank if strict else Severity.ERROR.rank
    return any(d.severity.rank >= threshold for d in diagnostics)


def format_text(diagnostics) -> str:
    lines = []
    for d in diagnostics:
        line = f"{d.path}:{d.line}:{d.column}: {d.code} [{d.severity.value}] {d.message}"
        if d.suggestion:
            line += f" (suggestion: {d.suggestion})"
        lines.append(line)
    return "\n".join(lines)


def format_json(diagnostics) -> str:
    return json.dumps([d.to_dict() for d in diagnostics], ensure_ascii=False, indent=2)


def _github_escape(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for d in diagnostics:
        message = d.message + (f" (suggestion: {d.suggestion})" if d.suggestion else "")
        props = [
            f"file={_github_escape(d.path, property_value=True)}",
            f"line={d.line}",
            f"col={d.column}",
            f"title={_github_escape(d.code, property_value=True)}",
        ]
        if d.end_line:
            props.append(f"endLine={d.end_line}")
        if d.end_column and d.end_line == d.line:
            props.append(f"endColumn={d.end_column}")
        lines.append(f"::{kinds[d.severity]} {','.join(props)}::{_github_escape(message)}")
    return "\n".join(lines)


def format_sarif(diagnostics, rules: dict, version: str) -> str:
    """SARIF 2.1.0, the format code-scanning tools read. ``rules`` maps code -> Rule."""
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    used = sorted({d.code for d in diagnostics})
    rule_index = {code: index for index, code in enumerate(used)}
    sarif_rules = []
    for code in used:
        rule = rules.get(code)
        entry = {"id": code}
        if rule is not None:
            entry["name"] = rule.name
            entry["shortDescription"] = {"text": rule.summary}
            entry["fullDescription"] = {"text": rule.doc}
            entry["defaultConfiguration"] = {"level": levels[rule.severity]}
        sarif_rules.append(entry)
    results = []
    for d in diagnostics:
        region = {"startLine": d.line, "startColumn": d.column}
        if d.end_line:
            region["endLine"] = d.end_line
        if d.end_column:
            region["endColumn"] = d.end_column
        result = {
            "ruleId": d.code,
            "ruleIndex": rule_index[d.code],
            "level": levels[d.severity],
            "message": {"text": d.message},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": d.path}, "region": region}}
            ],
        }
        if d.suggestion:
            result["properties"] = {"suggestion": d.suggestion}
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kp",
                        "version": version,
                        "rules": sarif_rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)
