"""``kp site``: build the trilingual website (and its PDFs) and publish it in one step."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ..project import find_root, load_project
from ..offline import NAME as OFFLINE_NAME
from ..offline import write_offline_zip
from ..publish import discard, new_build_dir, not_found_pages, publish
from .pdf import make_pdfs

HELP = "build the website into site/ (built aside, published only when complete)"


def add_arguments(parser) -> None:
    parser.add_argument("--project", type=Path, default=None, help="the project folder (default: found from here)")
    parser.add_argument("--no-strict", action="store_true", help="do not fail on MkDocs warnings")
    parser.add_argument("--no-pdf", action="store_true", help="build the website only, without the PDFs")
    parser.add_argument("--no-offline", action="store_true", help="without the downloadable offline copy")


def build_site(root: Path, destination: Path, *, strict: bool = True, config: Path | None = None) -> int:
    """Run ``mkdocs build`` into ``destination``, showing its warnings and errors only.

    (``mkdocs build --quiet`` would also hide warnings from ``--strict``'s count.)
    """
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config or root / "mkdocs.yml"),
               "--site-dir", str(destination)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, encoding="utf-8", errors="replace")
    for line in process.stdout:
        if not line.startswith("INFO"):
            sys.stderr.write(line)
    return process.wait()


def build_offline(project, build: Path) -> int:
    """The built site zipped into ``offline/``, with links that work when opened from files."""
    write_offline_zip(build, build / "offline" / f"{OFFLINE_NAME}.zip", project.root / project.settings.cache_dir / "offline")
    return 0


def run(args) -> int:
    root = find_root(args.project or Path.cwd())
    project = load_project(root)
    build = new_build_dir(root)
    try:
        code = build_site(root, build, strict=not args.no_strict)
        if code == 0:
            not_found_pages(build, list(project.settings.languages), project.settings.source_language)
        if code == 0 and not args.no_offline:
            code = build_offline(project, build)
        if code == 0 and not args.no_pdf:
            code = make_pdfs(project, build)
    except BaseException:
        discard(build)
        raise
    if code != 0:
        discard(build)
        print("kp site: the build failed; site/ still holds the last good build", file=sys.stderr)
        return code
    publish(root, build)
    print(f"kp site: published {root / 'site'}", file=sys.stderr)
    return 0
