"""``kp check``: report terminology, legal, translation, structure and configuration findings."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import __version__
from ..checks import RULES, known_code
from ..diagnostics import Severity, fails, format_github, format_json, format_sarif, format_text
from ..engine import Checker
from ..fixes import fixed_text, unified_diff, write_atomically
from ..project import load_project

HELP = "check pages for victim-centric language, legal citations, translations and links"


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: the docs folder)")
    parser.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text")
    parser.add_argument("--select", action="append", default=[], metavar="CODES", help="only these codes or families (T, L001, ...)")
    parser.add_argument("--ignore", action="append", default=[], metavar="CODES", help="leave out these codes or families")
    parser.add_argument("--strict", action="store_true", help="warnings make the run fail too")
    parser.add_argument("--no-cache", action="store_true", help="analyse every page afresh")
    parser.add_argument("--fix", action="store_true", help="apply safe replacements to the files (atomically)")
    parser.add_argument("--diff", action="store_true", help="show the fixes as a diff; with --fix also apply them")
    parser.add_argument("--project", type=Path, default=None, help="the project folder (default: found from here)")


def _codes(values: list[str]) -> list[str]:
    codes = [c.strip().upper() for value in values for c in value.split(",") if c.strip()]
    unknown = [c for c in codes if not known_code(c)]
    if unknown:
        raise SystemExit(f"kp check: unknown code(s) {', '.join(unknown)}; `kp explain` lists them")
    return codes


def run(args) -> int:
    select, ignore = _codes(args.select), _codes(args.ignore)
    project = load_project(args.project or (args.paths[0] if args.paths and args.paths[0].is_dir() else None))
    paths = args.paths or [project.docs_dir]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"kp check: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    checker = Checker(project, use_cache=not args.no_cache)
    result = checker.run(paths, select=select or None, ignore=ignore or None)
    diagnostics = result.diagnostics

    if args.fix or args.diff:
        for file, edits in sorted(result.fixes.items()):
            old, new, raw = fixed_text(file, edits)
            if old == new:
                continue
            if args.diff:
                sys.stdout.write(unified_diff(project.relative(file), old, new))
            if args.fix:
                write_atomically(file, new, bom=raw.startswith(b"\xef\xbb\xbf"))
        if args.fix:
            fixed = {project.relative(f) for f in result.fixes}
            rerun = Checker(project, use_cache=not args.no_cache).run(paths, select=select or None, ignore=ignore or None)
            diagnostics = rerun.diagnostics
            if fixed:
                print(f"kp: fixed {len(fixed)} file(s)", file=sys.stderr)

    if args.format == "json":
        print(format_json(diagnostics))
    elif args.format == "sarif":
        print(format_sarif(diagnostics, RULES, __version__))
    elif args.format == "github":
        output = format_github(diagnostics)
        if output:
            print(output)
    elif not args.diff or args.fix:
        output = format_text(diagnostics)
        if output:
            print(output)
    counts = {s: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    print(
        f"kp: {counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} note(s) "
        f"in {result.checked} file(s), {result.from_cache} from cache",
        file=sys.stderr,
    )
    return 1 if fails(diagnostics, strict=args.strict) else 0
