"""``kp pdf``: make the PDFs of every knowledge product, per chapter and whole, per language."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from ..pdf import build, plan
from ..project import load_project
from ..publish import discard, new_build_dir, publish, published, sweeping

HELP = "make print-ready PDFs (also run by `kp site`)"


def add_arguments(parser) -> None:
    parser.add_argument("--lang", action="append", help="only this language (repeatable)")
    parser.add_argument("--document", help="only this product or chapter, e.g. sop or sop/rescue")
    parser.add_argument("--paper", choices=("A4", "A5"), default="A4")
    parser.add_argument("--jobs", type=int, default=None, help="documents rendered at once (default: the number of cores)")
    parser.add_argument("--out", type=Path, default=None, help="write into this folder instead of the published site")
    parser.add_argument("--project", type=Path, default=None)


def make_pdfs(project, destination: Path, *, langs=None, only=None, paper="A4", jobs=None, keeper=None) -> int:
    documents = plan(project, langs=langs, only=only, paper=paper)
    if not documents:
        print("kp pdf: nothing to make", file=sys.stderr)
        return 0
    started = time.monotonic()
    stats: dict = {}
    errors = build(project, destination, documents, jobs=jobs, stats=stats, keeper=keeper)
    for error in errors:
        print(f"kp pdf: error: {error}", file=sys.stderr)
    if not errors:
        kept = f", {stats['kept']} of them where layouts are kept" if stats.get("kept") else ""
        print(f"kp pdf: {len(documents)} PDF(s), {stats['rendered']} rendered (the others unchanged){kept}, "
              f"in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 1 if errors else 0


def run(args) -> int:
    project = load_project(args.project)
    if args.out is not None:
        return make_pdfs(project, args.out, langs=args.lang, only=args.document, paper=args.paper, jobs=args.jobs)
    current = published(project.root)
    if current is None:
        print("kp pdf: no published site yet; run `make site` (or give --out)", file=sys.stderr)
        return 1
    # Copy the published site aside, add the PDFs, and publish the copy: never half-updated.
    with sweeping(project.root):
        build_dir = new_build_dir(project.root)
        shutil.copytree(current, build_dir, dirs_exist_ok=True, copy_function=os.link)  # PDFs replace links, never write into them
        code = make_pdfs(project, build_dir, langs=args.lang, only=args.document, paper=args.paper, jobs=args.jobs)
        if code != 0:
            discard(build_dir)
            return code
        publish(project.root, build_dir)
        return 0
