"""``kp reviewed``: record that a translation has been reviewed against its current source."""

from __future__ import annotations

import sys
from pathlib import Path

from ..project import load_project
from ..translations import page_title, record_reviewed

HELP = "record translated pages as reviewed and up to date with their source"


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PAGE", help="translated pages (docs/hi/..., docs/bn/...)")
    parser.add_argument("--project", type=Path, default=None)


def run(args) -> int:
    project = load_project(args.project)
    failed = False
    for path in args.paths:
        lang = project.language_of(path)
        source = project.translation_of(path, project.settings.source_language)
        if lang in (None, project.settings.source_language) or source is None:
            print(f"kp reviewed: {path} is not a translation in {project.settings.docs_dir}/<language>/", file=sys.stderr)
            failed = True
            continue
        if not source.is_file() or not path.is_file():
            print(f"kp reviewed: {path} or its source {source} does not exist", file=sys.stderr)
            failed = True
            continue
        record_reviewed(source, path)
        print(f"kp: {path} recorded as translating the current {project.relative(source)}", file=sys.stderr)
        title = page_title(path)
        if title and title == page_title(source):
            print(f"kp reviewed: note: {path}'s title is still its source's, {title!r}", file=sys.stderr)
    return 1 if failed else 0
