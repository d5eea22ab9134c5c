"""Inline suppressions: an HTML comment naming the codes and a reason.

``<!-- kp-ignore T001, L005: quoting the 2019 judgment verbatim -->`` suppresses those codes on
the next non-blank line; ``<!-- kp-ignore-start T001: ... -->`` and ``<!-- kp-ignore-end -->``
suppress them in between. A code may be a family letter (``T``). A suppression without a
reason, or naming an unknown code, suppresses nothing and is reported (S005); one that
suppresses nothing is reported too (S004).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

_DIRECTIVE = regex.compile(
    r"^\s*kp-ignore(?P<kind>-start|-end)?(?:\s+(?P<codes>[A-Za-z0-9, ]*?))?\s*(?::\s*(?P<reason>.*?))?\s*$",
    regex.S,
)


@dataclass
class Suppression:
    codes: tuple[str, ...]
    first_line: int
    last_line: int
    line: int  # where the comment is
    column: int
    used: bool = False

    def covers(self, code: str, line: int) -> bool:
        return self.first_line <= line <= self.last_line and any(
            code == c or (len(c) < len(code) and code.startswith(c)) for c in self.codes
        )


@dataclass(frozen=True)
class SuppressionProblem:
    line: int
    column: int
    message: str


def parse_suppressions(comments, position, lines: list[str], known_code) -> tuple[list[Suppression], list[SuppressionProblem]]:
    """Suppressions from a page's comments; ``position(offset)`` gives (line, column)."""
    suppressions: list[Suppression] = []
    problems: list[SuppressionProblem] = []
    open_blocks: list[Suppression] = []
    for comment in comments:
        match = _DIRECTIVE.match(comment.body)
        if not match:
            continue
        line, column = position(comment.offset)
        end_line, _ = position(max(comment.offset, comment.end - 1))
        kind = match.group("kind")
        codes = tuple(c.strip().upper() for c in (match.group("codes") or "").replace(",", " ").split() if c.strip())
        if kind == "-end":
            closing = [b for b in open_blocks if not codes or set(codes) & set(b.codes)]
            if not closing:
                problems.append(SuppressionProblem(line, column, "kp-ignore-end without a matching kp-ignore-start"))
            for block in closing:
                block.last_line = line
                open_blocks.remove(block)
            continue
        unknown = [c for c in codes if not known_code(c)]
        if not codes:
            problems.append(SuppressionProblem(line, column, "name the codes to suppress: <!-- kp-ignore T001: reason -->"))
            continue
        if unknown:
            problems.append(SuppressionProblem(line, column, f"unknown code(s) {', '.join(unknown)}; see `kp explain`"))
            continue
        if not (match.group("reason") or "").strip():
            problems.append(SuppressionProblem(line, column, f"give the reason: <!-- kp-ignore {' '.join(codes)}: why this is right here -->"))
            continue
        if kind == "-start":
            block = Suppression(codes, end_line + 1, 10**9, line, column)
            suppressions.append(block)
            open_blocks.append(block)
        else:
            target = end_line + 1
            while target <= len(lines) and not lines[target - 1].strip():
                target += 1
            suppressions.append(Suppression(codes, target, target, line, column))
    for block in open_blocks:
        problems.append(SuppressionProblem(block.line, block.column, "kp-ignore-start without kp-ignore-end; it runs to the end of the page"))
    return suppressions, problems
