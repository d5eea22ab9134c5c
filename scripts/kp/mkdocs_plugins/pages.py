"""The ``kp-pages`` MkDocs plugin: generated reference pages and tooltips, per language.

Adds the glossary, the old-and-new-laws table, the list of provisions and the table of
statutes to every language's build (after mkdocs-static-i18n has sorted the files), and
annotates each page's Markdown with tooltips. The pages and annotations come from kp's core
(:mod:`kp.reference`, :mod:`kp.annotate`); this module only hands them to MkDocs.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from ..annotate import annotate_markdown
from ..engine import Checker
from ..project import load_project
from ..reference import GENERATED, correspondence_page, glossary_page, provisions_page, statutes_page


class PagesConfig(Config):
    tooltips = config_options.Type(bool, default=True)


class PagesPlugin(BasePlugin[PagesConfig]):
    def __init__(self):
        super().__init__()
        self.project = None

    def on_config(self, config):
        self.project = load_project(Path(config.config_file_path).parent)
        return config

    def _language(self, config) -> str:
        lang = getattr(config.theme, "language", None) or config.theme.get("language")
        return lang if lang in self.project.settings.languages else self.project.settings.source_language

    def _cited(self, lang: str) -> dict:
        """Product folder -> (act, section, title, link from the statutes page) for pages in ``lang``."""
        docs = self.project.docs_dir / lang
        checker = Checker(self.project)
        cited: dict = {}
        statutes_dir = posixpath.dirname(GENERATED["statutes"])
        for path in sorted(docs.rglob("*.md")):
            facts = checker.result(path).facts
            relative = path.relative_to(docs).as_posix()
            if facts is None or "/" not in relative:
                continue
            product = relative.split("/", 1)[0]
            title = facts.get("title") or (facts["headings"][0]["text"] if facts["headings"] else relative)
            link = posixpath.relpath(relative, statutes_dir)
            rows = cited.setdefault(product, [])
            for citation in facts["citations"]:
                if citation["act"]:
                    rows.append((citation["act"], citation["section"], title, link))
        return cited

    @event_priority(-200)  # after mkdocs-static-i18n has chosen this language's files
    def on_files(self, files, config):
        lang = self._language(config)
        default = lang == self.project.settings.source_language
        pages = {
            "glossary": glossary_page(self.project.glossary, lang),
            "correspondence": correspondence_page(self.project.registry, lang),
            "provisions": provisions_page(self.project.registry, lang),
            "statutes": statutes_page(self.project.registry, lang, self._cited(lang)),
        }
        for name, content in pages.items():
            src_uri = GENERATED[name] if default else f"{lang}/{GENERATED[name]}"
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=content))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if not self.config.tooltips or page.meta.get("generated"):
            return markdown
        lang = page.meta.get("lang") or self._language(config)
        return annotate_markdown(markdown, lang, self.project, page.file.src_uri)
