"""Which translations are up to date, stale or missing, and recording a reviewed translation.

A translated page records the version of its source it translates in its front matter:

```yaml
translation_of:
  source: 3f2a...          # hash of the source page's text
  sections: {rescue: 9c1b..., checklist: 77de...}
```

written by ``kp reviewed PAGE`` after review, never by hand. When the source changes, the
page is *stale* and the sections whose text changed are named.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import regex
import yaml

from .checks.structure import slugify
from .fixes import write_atomically
from .page import FrontMatterError, normalise_newlines, read_page, split_front_matter

KEY = "translation_of"

SCAFFOLD_NOTE = "# Translate the title and text, then run: kp reviewed "
"""The line ``kp new`` leaves in a translation's front matter; ``kp reviewed`` removes it."""


def _digest(text: str) -> str:
    canonical = "\n".join(line.rstrip() for line in unicodedata.normalize("NFC", text).strip().split("\n"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def sections(text: str) -> dict[str, str]:
    """Hash of each section of a page's body, keyed by the heading's anchor ("" before the first)."""
    _, body = split_front_matter(normalise_newlines(text))
    page = read_page("page.md", body, "en")
    keys, starts = [""], [0]
    for index, heading in enumerate(page.headings):
        line_start = body.rfind("\n", 0, heading.offset) + 1
        keys.append(heading.anchor or slugify(heading.text) or f"section-{index + 1}")
        starts.append(line_start)
    starts.append(len(body))
    result = {}
    for key, start, end in zip(keys, starts, starts[1:]):
        chunk = body[start:end]
        if key == "" and not chunk.strip():
            continue
        result[key] = _digest(chunk)
    return result


def source_version(text: str) -> dict:
    _, body = split_front_matter(normalise_newlines(text))
    return {"source": _digest(body), "sections": sections(text)}


@dataclass
class PageStatus:
    page: str  # path relative to the language folder, e.g. "sop/rescue.md"
    lang: str
    state: str  # "up to date" | "stale" | "missing" | "unreviewed" | "orphaned" (no source any more)
    changed: list[str] = field(default_factory=list)

    @property
    def product(self) -> str:
        return self.page.split("/", 1)[0] if "/" in self.page else ""

    def to_dict(self) -> dict:
        return {"page": self.page, "lang": self.lang, "state": self.state, "changed_sections": self.changed}


def _recorded(path: Path) -> dict | None:
    try:
        meta, _ = split_front_matter(normalise_newlines(path.read_text(encoding="utf-8-sig")))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    value = meta.get(KEY)
    return value if isinstance(value, dict) else None


def page_status(source: Path, translation: Path, lang: str, relative: str) -> PageStatus:
    if not translation.is_file():
        return PageStatus(relative, lang, "missing")
    recorded = _recorded(translation)
    if recorded is None:
        return PageStatus(relative, lang, "unreviewed")
    text = source.read_text(encoding="utf-8-sig")
    if recorded.get("source") == _digest(split_front_matter(normalise_newlines(text))[1]):
        return PageStatus(relative, lang, "up to date")  # without reading the source's sections
    current = source_version(text)
    before = recorded.get("sections") or {}
    changed = [key or "(top)" for key, digest in current["sections"].items() if before.get(key) != digest]
    changed += [f"{key} (removed)" for key in before if key not in current["sections"]]
    return PageStatus(relative, lang, "stale", changed)


def project_status(project) -> list[PageStatus]:
    """The status of every page of the source language in every other language."""
    settings = project.settings
    source_dir = project.docs_dir / settings.source_language
    results = []
    for source in sorted(source_dir.rglob("*.md")):
        relative = source.relative_to(source_dir).as_posix()
        for lang in settings.languages:
            if lang == settings.source_language:
                continue
            results.append(page_status(source, project.docs_dir / lang / relative, lang, relative))
    for lang in settings.languages:
        folder = project.docs_dir / lang
        if lang == settings.source_language or not folder.is_dir():
            continue
        for translation in sorted(folder.rglob("*.md")):
            relative = translation.relative_to(folder).as_posix()
            if not (source_dir / relative).is_file():
                results.append(PageStatus(relative, lang, "orphaned"))
    return results


def percentages(statuses: list[PageStatus]) -> dict:
    """Per product and language: the share of pages that are up to date (0-100)."""
    totals: dict = {}
    for status in statuses:
        key = (status.product or "(site)", status.lang)
        done, count = totals.get(key, (0, 0))
        totals[key] = (done + (status.state == "up to date"), count + 1)
    return {f"{product}:{lang}": round(100 * done / count) for (product, lang), (done, count) in sorted(totals.items())}


_FRONT = regex.compile(r"\A(---[ \t]*\n)(.*?\n)?((?:---|\.\.\.)[ \t]*(?:\n|\Z))", regex.S)


def page_title(path: Path) -> str:
    """The page's title as the site shows it: front matter ``title``, else its first h1."""
    try:
        meta, body = split_front_matter(normalise_newlines(path.read_text(encoding="utf-8-sig")))
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return ""  # kp check reports why
    if isinstance(meta.get("title"), str):
        return meta["title"].strip()
    first = next((h for h in read_page("page.md", body, "en").headings if h.level == 1), None)
    return first.text.strip() if first else ""


def record_reviewed(source: Path, translation: Path) -> None:
    """Write the source's current version into the translation's front matter (atomically)."""
    raw = translation.read_bytes()
    original = raw.decode("utf-8-sig")
    text = normalise_newlines(original)
    version = source_version(source.read_text(encoding="utf-8-sig"))
    block = yaml.safe_dump({KEY: version}, allow_unicode=True, sort_keys=False, default_flow_style=False)
    match = _FRONT.match(text)
    if match:
        lines = (match.group(2) or "").split("\n")
        kept, skipping = [], False
        for line in lines:
            if line.startswith(f"{KEY}:"):
                skipping = True
                continue
            if line.startswith(SCAFFOLD_NOTE):
                continue  # its request is done
            if skipping and (line.startswith((" ", "\t")) or not line.strip()):
                continue
            skipping = False
            kept.append(line)
        front = "\n".join(line for line in kept if line.strip())
        front = (front + "\n" if front else "") + block
        text = match.group(1) + front + match.group(3) + text[match.end():]
    else:
        text = "---\n" + block + "---\n" + text
    if "\r\n" in original:
        text = text.replace("\n", "\r\n")
    write_atomically(translation, text, bom=raw.startswith(b"\xef\xbb\xbf"))
