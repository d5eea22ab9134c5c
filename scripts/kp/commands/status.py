"""``kp status``: which translations are up to date, stale (and where) or missing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..project import load_project
from ..translations import percentages, project_status

HELP = "show which translations are up to date, stale or missing"


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--project", type=Path, default=None)
    parser.add_argument("--check", action="store_true", help="exit 1 unless every translation is up to date")


def run(args) -> int:
    project = load_project(args.project)
    statuses = project_status(project)
    shares = percentages(statuses)
    if args.format == "json":
        print(json.dumps({"pages": [s.to_dict() for s in statuses], "up_to_date_percent": shares}, ensure_ascii=False, indent=2))
    else:
        console = Console(file=sys.stdout, width=120)
        table = Table(title="Translations")
        table.add_column("page")
        for lang in project.settings.languages:
            if lang != project.settings.source_language:
                table.add_column(lang)
        by_page: dict = {}
        for status in statuses:
            cell = status.state + (f": {', '.join(status.changed)}" if status.changed else "")
            by_page.setdefault(status.page, {})[status.lang] = cell
        for page, cells in by_page.items():
            table.add_row(page, *[cells.get(lang, "") for lang in project.settings.languages if lang != project.settings.source_language])
        console.print(table)
        for key, share in shares.items():
            product, lang = key.rsplit(":", 1)
            console.print(f"{product} ({lang}): {share}% up to date", markup=False)
    if args.check and any(s.state != "up to date" for s in statuses):
        return 1
    return 0
