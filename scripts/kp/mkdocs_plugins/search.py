"""The ``kp-search`` MkDocs plugin: one search index per language, usable offline.

Collects each page's sections as it is rendered, writes ``kp-search.js`` into the language's
build, and tells each page where its index is. Indexing itself is :mod:`kp.search`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from mkdocs.plugins import BasePlugin

from ..project import load_settings
from ..search import build_index, index_script, sections


class SearchPlugin(BasePlugin):
    def __init__(self):
        super().__init__()
        self.sections = []
        self.source_language = "en"

    def on_config(self, config):
        """Add kp's template override and assets (the search box, its script) to the theme."""
        theme = str(resources.files("kp") / "theme")
        if theme not in config.theme.dirs:
            config.theme.dirs.insert(0, theme)
        self.source_language = load_settings(Path(config.config_file_path).parent)[0].source_language
        return config

    def on_pre_build(self, config):
        self.sections = []

    def on_page_content(self, content, page, config, files):
        if page.meta.get("search", {}) and page.meta["search"].get("exclude"):
            return content
        self.sections.extend(sections(page.url, page.title or "", content))
        return content

    def _prefix(self, config) -> str:
        """The folder of the language being built ("" for the source language, at the root)."""
        lang = config.theme.get("language") or self.source_language
        return "" if lang == self.source_language else f"{lang}/"

    def on_post_page(self, output, page, config):
        root = "../" * page.url.count("/") or "./"
        tags = (
            f'<meta name="kp-search" content="{root}{self._prefix(config)}kp-search.js">\n'
            f'<meta name="kp-root" content="{root}">\n'
        )
        return output.replace("</head>", tags + "</head>", 1)

    def on_post_build(self, config):
        # mkdocs-static-i18n builds every language into the same site_dir, one after another.
        target = Path(config.site_dir) / self._prefix(config) / "kp-search.js"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(index_script(build_index(self.sections)), encoding="utf-8")
