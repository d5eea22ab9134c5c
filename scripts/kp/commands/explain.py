"""``kp explain``: print what a check does and why, from its docstring."""

from __future__ import annotations

import sys

from ..checks import FAMILIES, RULES

HELP = "explain a code (T001, L005, ...), or list every code"


def add_arguments(parser) -> None:
    parser.add_argument("code", nargs="?", help="the code to explain; without it, every code is listed")


def run(args) -> int:
    if not args.code:
        for family, name in FAMILIES.items():
            print(f"{family}: {name}")
            for rule in RULES.values():
                if rule.family == family:
                    print(f"  {rule.code}  {rule.name:<28} {rule.severity.value:<8} {rule.summary}")
        return 0
    rule = RULES.get(args.code.strip().upper())
    if rule is None:
        print(f"kp explain: no code {args.code!r}; `kp explain` lists them", file=sys.stderr)
        return 2
    print(f"{rule.code} {rule.name} (default severity: {rule.severity.value})\n")
    print(rule.doc)
    return 0
