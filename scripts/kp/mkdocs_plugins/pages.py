"""The ``kp-pages`` MkDocs plugin: generated reference pages and tooltips, per language.

Adds the glossary, the old-and-new-laws table, the list of provisions and the table of
statutes to every language's build (after mkdocs-static-i18n has sorted the files), and
annotates each page's Markdown with tooltips. The pages and annotations come from kp's core
(:mod:`kp.reference`, :mod:`kp.annotate`); this module only hands them to MkDocs.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from ..annotate import annotate_markdown
from ..engine import Checker
from ..project import load_project
from ..labels import label
from ..reference import document_control_html
from ..reference import GENERATED, correspondence_page, glossary_page, provisions_page, status_page, statutes_page
from ..translations import page_status, project_status


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
            "status": status_page(project_status(self.project), lang),
        }
        for name, content in pages.items():
            src_uri = GENERATED[name] if default else f"{lang}/{GENERATED[name]}"
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=content))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if page.meta.get("generated"):
            return markdown
        lang = self._language(config)
        if self.config.tooltips:
            markdown = annotate_markdown(markdown, page.meta.get("lang") or lang, self.project, page.file.src_uri)
        return self._notice(page, lang) + self._downloads(page, lang) + self._document_control(page, lang, markdown)

    def _document_control(self, page, lang: str, markdown: str) -> str:
        """The SOP's document control block (from front matter ``document``), below its title."""
        control = page.meta.get("document")
        if not isinstance(control, dict):
            return markdown
        block = document_control_html(control, lang)
        heading = re.search(r"(?m)^# .*$", markdown)
        at = heading.end() + 1 if heading else 0
        return markdown[:at] + "\n" + block + "\n" + markdown[at:]

    def _downloads(self, page, lang: str) -> str:
        """Links to this chapter's PDF and the whole document's, in the same language."""
        parts = page.file.src_uri.split("/")
        up = "../" * page.url.count("/")
        if parts[-1] == "index.md" and len(parts) == 2:
            target = f"{up}offline/knowledge-products-offline.zip"
            return f'<p class="kp-downloads"><a href="{target}" download>{html.escape(label(lang, "offline"))}</a></p>\n\n'
        if len(parts) < 3 or parts[0] not in self.project.settings.languages:
            return ""
        file_lang, product = parts[0], parts[1]
        slug = "-".join(parts[2:])[: -len(".md")]
        targets = [
            ("download_chapter", f"pdf/{file_lang}/{product}/{slug}.pdf"),
            ("download_whole", f"pdf/{file_lang}/{product}.pdf"),
        ]
        if product == "handouts" and slug != "index" and file_lang != self.project.settings.source_language:
            targets.append(("download_bilingual", f"pdf/{file_lang}/{product}/{slug}-bilingual.pdf"))
        # Raw HTML: the PDFs are not documentation files, and the link is relative to the page's URL.
        links = [f'<a href="{up}{target}" download>{html.escape(label(lang, key))}</a>' for key, target in targets]
        return '<p class="kp-downloads">' + " · ".join(links) + "</p>\n\n"

    def _notice(self, page, lang: str) -> str:
        """A notice in the reader's language on an untranslated or possibly stale page."""
        settings = self.project.settings
        parts = page.file.src_uri.split("/", 1)
        if len(parts) != 2 or parts[0] not in settings.languages:
            return ""
        file_lang, relative = parts
        source = self.project.docs_dir / settings.source_language / relative
        english_url = page.url[len(lang) + 1 :] if lang != settings.source_language and page.url.startswith(lang + "/") else page.url
        link = "../" * page.url.count("/") + english_url
        if file_lang != lang:
            title, text = label(lang, "notice_missing_title"), label(lang, "notice_missing")
        elif lang != settings.source_language and source.is_file():
            state = page_status(source, self.project.docs_dir / lang / relative, lang, relative).state
            if state not in ("stale", "unreviewed"):
                return ""
            title, text = label(lang, "notice_stale_title"), label(lang, "notice_stale") + f" [{label(lang, 'see_source')}]({link})"
        else:
            return ""
        return f'!!! warning "{title}"\n    {text}\n\n'

