"""``kp new``: scaffold a chapter in every language, with its front matter."""

from __future__ import annotations

import sys
from pathlib import Path

import regex

from ..pdf import product_order
from ..project import load_project
from ..translations import SCAFFOLD_NOTE

HELP = "create a new chapter in every language folder (e.g. kp new sop/referral --title 'Referral')"

HEADINGS = {"en": "Purpose", "hi": "उद्देश्य", "bn": "উদ্দেশ্য"}


def add_arguments(parser) -> None:
    parser.add_argument("page", help="path inside each language folder, e.g. sop/referral")
    parser.add_argument("--title", required=True, help="the title in the source language")
    parser.add_argument("--project", type=Path, default=None)


def run(args) -> int:
    project = load_project(args.project)
    relative = args.page if args.page.endswith(".md") else args.page + ".md"
    if relative.startswith("/") or ".." in Path(relative).parts or not regex.fullmatch(r"[a-z0-9][a-z0-9/_-]*\.md", relative):
        print("kp new: give a relative path of lower-case words, e.g. sop/referral", file=sys.stderr)
        return 2
    targets = [project.docs_dir / lang / relative for lang in project.settings.languages]
    existing = [t for t in targets if t.exists()]
    if existing:
        print(f"kp new: already exists: {', '.join(map(str, existing))}", file=sys.stderr)
        return 1
    for lang, target in zip(project.settings.languages, targets):
        target.parent.mkdir(parents=True, exist_ok=True)
        title = args.title.replace('"', "'")
        note = "" if lang == project.settings.source_language else SCAFFOLD_NOTE + project.relative(target) + "\n"
        target.write_text(
            f'---\ntitle: "{title}"\n{note}---\n\n# {args.title} {{ #top }}\n\n## {HEADINGS.get(lang, "Purpose")} {{ #purpose }}\n',
            encoding="utf-8",
        )
        print(f"kp: created {project.relative(target)}", file=sys.stderr)
    order = product_order(project.root)
    product = relative.split("/", 1)[0]
    if order and relative not in order.get(product, []):
        # kp does not rewrite mkdocs.yml (its comments and order are the writers'); it says so.
        print(f"kp new: now add {relative} to the nav in mkdocs.yml: until then the website's navigation "
              f"does not show it, and the PDF of {product} puts it last", file=sys.stderr)
    return 0
