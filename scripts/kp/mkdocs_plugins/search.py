"""The ``kp-search`` MkDocs plugin: one search index per language, usable offline.

Collects each page's sections as it is rendered, writes ``kp-search.js`` into the language's
build, and tells each page where its index is. Indexing itself is :mod:`kp.search`; a page's
entries are kept in kp's site store (:mod:`kp.sitecache`) by its URL, title and HTML, and
kp's code, which makes them. A language's whole index is kept too, by its pages' entries in
order: an edit in one language leaves the other languages' indexes as they were. What each
language's build used is kept too, so that a language taken whole from the last build
(:class:`kp.mkdocs_plugins.pages._Languages`) keeps its entries for the next time it is built.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from mkdocs.plugins import BasePlugin

from ..project import load_project_once
from ..search import build_index, entries, index_script, sections
from ..serviceworker import THEME_COLOR, WEB_MANIFEST
from ..sitecache import SiteStore, digest, steps_folder


class SearchPlugin(BasePlugin):
    def __init__(self):
        super().__init__()
        self.keys = []  # of the pages' entries, in order: what the language's index is made of
        self.fresh = {}  # entries made in this build, by key
        self.source_language = "en"
        self.languages: list[str] = []
        self.built: set[str] = set()  # the languages this process built

    def on_config(self, config):
        """Add kp's template override and assets (the search box, its script) to the theme."""
        theme = str(resources.files("kp") / "theme")
        if theme not in config.theme.dirs:
            config.theme.dirs.insert(0, theme)
        root = Path(config.config_file_path).parent
        project = load_project_once(root)  # shared with kp's other plugins
        settings = project.settings
        self.source_language = settings.source_language
        self.languages = list(settings.languages)
        self.code = project.code_digest
        if self.store is None:
            self.store = SiteStore(steps_folder(root, settings.cache_dir, config.use_directory_urls, "search"))
        return config

    store: SiteStore | None = None
    code = ""  # kp's code and settings: entries that another version of kp made are not used
    failed = False

    def on_build_error(self, error):
        self.failed = True

    def on_pre_build(self, config):
        self.keys, self.fresh = [], {}

    def on_page_content(self, content, page, config, files):
        if page.meta.get("search", {}) and page.meta["search"].get("exclude"):
            return content
        lang = self._language(config)
        key = digest("search", self.code, lang, page.url, page.title or "", content)
        if not self.store.has(key):  # read only if the language's index must be made again
            self.fresh[key] = entries(sections(page.url, page.title or "", content), lang)
            self.store.put(key, self.fresh[key])
        self.keys.append(key)
        return content

    def on_shutdown(self):
        if self.store is not None and not self.failed:
            for lang in self.languages:
                if lang not in self.built:
                    self.store.used.update(self.store.get(self._used_key(lang)) or ())
            self.store.prune()

    def _used_key(self, lang: str) -> str:
        return digest("search-language", self.code, lang)

    def _language(self, config) -> str:
        return config.theme.get("language") or self.source_language

    def _prefix(self, config) -> str:
        """The folder of the language being built ("" for the source language, at the root)."""
        lang = self._language(config)
        return "" if lang == self.source_language else f"{lang}/"

    def on_post_page(self, output, page, config):
        """Tell kp.js where the language's search index, the site's root and the service
        worker (:mod:`kp.serviceworker`) are, and the phone where the web app manifest is."""
        root = "../" * page.url.count("/") or "./"
        prefix = self._prefix(config)
        tags = (
            f'<meta name="kp-search" content="{root}{prefix}kp-search.js">\n'
            f'<meta name="kp-root" content="{root}">\n'
            f'<meta name="kp-offline" content="{self._language(config)}">\n'
            f'<meta name="theme-color" content="{THEME_COLOR}">\n'
            f'<link rel="manifest" href="{root}{prefix}{WEB_MANIFEST}">\n'
        )
        return output.replace("</head>", tags + "</head>", 1)

    def on_post_build(self, config):
        # mkdocs-static-i18n builds every language into the same site_dir, one after another.
        target = Path(config.site_dir) / self._prefix(config) / "kp-search.js"
        target.parent.mkdir(parents=True, exist_ok=True)
        lang = self._language(config)
        key = digest("search-index", self.code, lang, self.keys)
        self.built.add(lang)
        self.store.put(self._used_key(lang), [*self.keys, key])
        if self.store.copy_file(key, target):
            return
        found = []
        for page_key in self.keys:
            page_entries = self.fresh[page_key] if page_key in self.fresh else self.store.get(page_key)
            if page_entries is None:
                raise RuntimeError("kp: stored search entries disappeared during the build; build again")
            found.extend(page_entries)
        script = index_script(build_index(from_entries=found, lang=lang)).encode("utf-8")
        self.store.put_file(key, script)
        target.write_bytes(script)
