"""The ``kp-pages`` MkDocs plugin: generated reference pages, tooltips, and reuse of earlier builds.

Adds the glossary, the old-and-new-laws table, the list of provisions, the table of
statutes and the table of cases to every language's build (after mkdocs-static-i18n has sorted the files), and
annotates each page's Markdown with tooltips. A page's annotated Markdown, its rendered
HTML and its finished file are reused from earlier builds when nothing they depend on has
changed (:mod:`kp.sitecache`), and so is a whole language's folder when nothing its build
reads has changed, so that a one-chapter edit rebuilds in seconds. The pages,
annotations and digests come from kp's core; this module only hands them to MkDocs.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
from importlib import resources
from pathlib import Path

import mkdocs_static_i18n.plugin
from jinja2 import FileSystemBytecodeCache
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..annotate import annotate_markdown
from ..engine import tree_checker
from ..expiry import SITE_STEPS, mark_folder_used
from ..project import load_project_once
from ..publish import site_page
from ..labels import label
from ..offline import NAME as OFFLINE_NAME
from ..reference import document_control_html
from ..reference import (
    GENERATED, cases_page, correspondence_page, glossary_page, provisions_page, status_page, statutes_page,
)
from ..serviceworker import write_offline_reading
from ..sitecache import (
    LAST_BUILD, SiteStore, WarningCounter, digest, environment_digest, language_inputs, link_tree, read_languages_record,
    steps_folder, write_languages_record,
)
from ..translations import project_status

REUSED_TEMPLATE = "kp-reused.html"
"""An empty template: a page whose finished file is reused is not rendered again."""

log = logging.getLogger("mkdocs.plugins.kp")


class PagesConfig(Config):
    tooltips = config_options.Type(bool, default=True)
    reuse = config_options.Type(bool, default=True)


class PagesPlugin(BasePlugin[PagesConfig]):
    def __init__(self):
        super().__init__()
        self.project = None
        self.store: SiteStore | None = None  # the steps of the language being built
        self.stores: dict[Path, SiteStore] = {}  # of every language this process built
        self.failed = False
        self.tree = None
        self.languages: _Languages | None = None  # while the default language's build places the others

    serving = False

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config):
        root = Path(config.config_file_path).parent
        self.project = load_project_once(root)
        lang = self._starting(config)
        if self.languages is not None and lang in self.languages.taken:
            # Its folder holds the last build's files, linked: a build would write into them.
            raise PluginError(f"kp: mkdocs-static-i18n started building '{lang}', which kp took from the last "
                              "build; this version of mkdocs-static-i18n builds its languages in a way kp does "
                              "not know (scripts/constraints.txt pins the one it does)")
        self.environment = self._environment(config) + lang
        if self.config.reuse:
            # A folder per configuration and language (their environment), so that a build
            # prunes only its own steps: another configuration's (another version of kp's, a
            # one-language mkdocs.yml's) stay until no build has used them for a week
            # (kp.expiry), as the check's analyses do, and a language taken whole from the
            # last build (_Languages) keeps its steps for the next time it is built.
            folder = self._steps(config) / digest(self.environment)[:20]
            if folder not in self.stores:
                self.stores[folder] = SiteStore(folder)
                mark_folder_used(folder, SITE_STEPS)
            self.store = self.stores[folder]
        self.reused: dict[str, str] = {}  # src_uri -> key of its finished file
        self.fresh: dict[str, str] = {}
        self.files_digest = ""
        build_log = logging.getLogger("mkdocs.commands.build")
        if self._quiet not in build_log.filters:
            build_log.addFilter(self._quiet)
        return config

    def _quiet(self, record) -> bool:
        """Drop MkDocs' "Page skipped ... empty output" for a page whose stored file was placed."""
        message = record.getMessage()
        return not (message.startswith("Page skipped: '") and message.split("'")[1] in self.reused)

    def _environment(self, config) -> str:
        # kp's own templates are named here: kp-search adds them to the theme after this runs.
        theme = [str(resources.files("kp") / "theme"), *config.theme.dirs]
        return environment_digest(
            [Path(config.config_file_path), self.project.root / "mkdocs.yml"], theme, self.project.fingerprint
        )

    def _steps(self, config) -> Path:
        return steps_folder(self.project.root, self.project.settings.cache_dir, config.use_directory_urls)

    def _starting(self, config) -> str:
        """The language whose build starts: mkdocs-static-i18n names it before its on_config,
        which runs after this plugin's, sets the theme's language."""
        i18n = config.plugins.get("i18n")
        lang = getattr(i18n, "current_language", None)
        return lang if lang in self.project.settings.languages else self._language(config)

    def on_build_error(self, error):
        self.failed = True
        if self.languages is not None:
            self.languages.restore()
            self.languages = None

    def on_shutdown(self):
        if not self.failed:
            for store in self.stores.values():
                store.prune()

    def _language(self, config) -> str:
        lang = getattr(config.theme, "language", None) or config.theme.get("language")
        return lang if lang in self.project.settings.languages else self.project.settings.source_language

    def _read_tree(self) -> None:
        """A checker, the translation statuses and their states by (language, page), for the
        docs tree as it is now: read once per build, and shared by the languages that
        mkdocs-static-i18n builds in turn (the tree has not changed in between)."""
        checker = tree_checker(self.project)
        if self.tree is None or self.tree[0] is not checker:
            statuses = project_status(self.project)
            self.tree = (checker, statuses, {(s.lang, s.page): s.state for s in statuses})

    def _titles(self) -> dict:
        """(language, page) -> the page's title in that language, or the source's title where
        the page is not translated (its build shows the source in its place)."""
        settings, checker = self.project.settings, self.tree[0]
        titles = {}
        for status in self.tree[1]:
            for lang in (status.lang, settings.source_language):
                path = self.project.docs_dir / lang / status.page
                facts = checker.result(path).facts if path.is_file() else None
                if facts:
                    title = facts.get("title") or (facts["headings"][0]["text"] if facts["headings"] else "")
                    if title:
                        titles[(status.lang, status.page)] = title
                        break
        return titles

    def _pages(self, lang: str):
        """(path inside the language's folder, title, facts) of every page in ``lang`` that has facts."""
        docs = self.project.docs_dir / lang
        checker = self.tree[0]
        for path in sorted(docs.rglob("*.md")):
            facts = checker.result(path).facts
            if facts is None:
                continue
            relative = path.relative_to(docs).as_posix()
            yield relative, facts.get("title") or (facts["headings"][0]["text"] if facts["headings"] else relative), facts

    def _cited(self, lang: str) -> dict:
        """Product folder -> (act, section, title, link from the statutes page) for pages in ``lang``."""
        cited: dict = {}
        statutes_dir = posixpath.dirname(GENERATED["statutes"])
        for relative, title, facts in self._pages(lang):
            if "/" not in relative:
                continue
            product = relative.split("/", 1)[0]
            link = posixpath.relpath(relative, statutes_dir)
            rows = cited.setdefault(product, [])
            for citation in facts["citations"]:
                if citation["act"]:
                    rows.append((citation["act"], citation["section"], title, link))
        return cited

    def _cited_cases(self, lang: str) -> list:
        """(judgment id, page title, link from the cases page) for pages in ``lang``."""
        cases_dir = posixpath.dirname(GENERATED["cases"])
        return [
            (case["case"], title, posixpath.relpath(relative, cases_dir))
            for relative, title, facts in self._pages(lang)
            for case in facts["cases"]
        ]

    @event_priority(-200)  # after mkdocs-static-i18n has chosen this language's files
    def on_files(self, files, config):
        self._read_tree()
        lang = self._language(config)
        default = lang == self.project.settings.source_language
        pages = {
            "glossary": glossary_page(self.project.glossary, lang),
            "correspondence": correspondence_page(self.project.registry, lang),
            "provisions": provisions_page(self.project.registry, lang),
            "statutes": statutes_page(self.project.registry, lang, self._cited(lang)),
            "cases": cases_page(self.project.registry.cases, lang, self._cited_cases(lang)),
            "status": status_page(self.tree[1], lang, self._titles()),
        }
        for name, content in pages.items():
            src_uri = GENERATED[name] if default else f"{lang}/{GENERATED[name]}"
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=content))
        self.files_digest = digest(sorted((f.src_uri, f.url) for f in files))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if not page.meta.get("generated"):
            lang = self._language(config)
            if self.config.tooltips:
                markdown = self._annotated(markdown, page.meta.get("lang") or lang, page.file.src_uri)
            markdown = self._notice(page, lang) + self._downloads(page, lang) + self._document_control(page, lang, markdown)
        if self.store is not None:
            self._reuse_render(page, markdown, files)
        return markdown

    # --- reuse of earlier builds (kp.sitecache) ------------------------------------------------

    def _annotated(self, markdown: str, lang: str, src_uri: str) -> str:
        if self.store is None:
            return annotate_markdown(markdown, lang, self.project, src_uri)
        key = digest("annotated", self.environment, lang, src_uri, markdown)
        record = self.store.get(key)
        if record is None:
            record = annotate_markdown(markdown, lang, self.project, src_uri)
            self.store.put(key, record)
        return record

    def _reuse_render(self, page: Page, markdown: str, files) -> None:
        """Render the page's Markdown (page.render, next) only if no earlier build has."""
        key = digest("rendered", self.environment, self.files_digest, page.file.src_uri, page.url, markdown)
        record = self.store.get(key)
        store = self.store

        def render(config, files):
            if record is not None:
                page.content = record["content"]
                page.toc = TableOfContents([_anchor(item) for item in record["toc"]])
                page._title_from_render = record["title"]
                page.present_anchor_ids = set(record["anchors"])
                # The stored names are files' own src_uri in a build with the same files
                # (files_digest is in the key): an exact lookup, without the i18n fallbacks.
                present = files.src_uris
                page.links_to_anchors = {
                    present[uri]: anchors for uri, anchors in record["links"].items() if uri in present
                } or None
                return
            with WarningCounter() as warnings:
                Page.render(page, config, files)
            if warnings.count == 0:
                store.put(key, {
                    "content": page.content,
                    "toc": [_toc_item(item) for item in page.toc],
                    "title": page._title_from_render,
                    "anchors": sorted(page.present_anchor_ids or ()),
                    "links": {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()},
                })

        page.render = render  # this page only: MkDocs calls page.render(config, files) next

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    @event_priority(-1000)  # after every plugin has changed the pages
    def on_env(self, env, config, files):
        """Decide, with every title known, which pages' finished files an earlier build made."""
        if self.store is None:
            return env
        # Each language's build compiles the theme's templates anew; keep the compiled code.
        env.bytecode_cache = FileSystemBytecodeCache(str(self._jinja_cache()))
        navigation = digest(_nav_outline(self.nav.items))
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.content is None:
                continue
            key = digest(
                "finished", self.environment, self.files_digest, navigation, file.src_uri, page.url,
                page.title, page.meta, page.content, [_toc_item(item) for item in page.toc],
            )
            if self.store.has_file(key):
                self.reused[file.src_uri] = key
                page.meta["template"] = REUSED_TEMPLATE
            else:
                self.fresh[file.src_uri] = key
        return env

    # --- languages taken whole from the last build ------------------------------------------

    @event_priority(100)  # before mkdocs-static-i18n's, which builds the other languages in turn
    def _place_languages(self, config):
        i18n = config.plugins.get("i18n")
        if self.store is None or i18n is None or getattr(i18n, "building", True) or self.languages is not None:
            return  # not the default language's build, or no reuse
        last = os.environ.get(LAST_BUILD)
        self.languages = _Languages(self, config, i18n, Path(last) if last else None)

    @event_priority(-200)  # after mkdocs-static-i18n has built the other languages
    def _finish(self, config):
        i18n = config.plugins.get("i18n")
        if getattr(i18n, "building", False):
            return  # another language's build, inside the default language's
        if not config.site_url:
            # Without the site's address a sitemap has no URLs to give (sitemaps.org asks for
            # absolute ones): mkdocs-static-i18n's would say "None" before each.
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (Path(config.site_dir) / name).unlink(missing_ok=True)
        if self.languages is not None:
            self.languages.restore()
            write_languages_record(Path(config.site_dir), self.languages.record)
            self.languages = None
        settings = self.project.settings
        # A preview (mkdocs serve) gets a worker that keeps nothing, so it never shows old pages.
        write_offline_reading(Path(config.site_dir), settings.languages, settings.source_language,
                              keep=not self.serving)

    on_post_build = CombinedEvent(_place_languages, _finish)

    def _jinja_cache(self) -> Path:
        folder = self.store.folder.parent.parent / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    @event_priority(-1000)  # the last to change the output: what is stored is what is written
    def on_post_page(self, output, page, config):
        output = site_page(output, page.url, self._language(config))
        uri = page.file.src_uri
        if uri in self.reused:
            if self.store.copy_file(self.reused[uri], Path(page.file.abs_dest_path)):
                return ""
            raise RuntimeError(f"kp: the stored build of {uri} disappeared; build again")
        if uri in self.fresh and output.strip():
            self.store.put_file(self.fresh[uri], output.encode("utf-8", errors="xmlcharrefreplace"))
        return output

    # --- what the pages say ------------------------------------------------------------------

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
            target = f"{up}offline/{OFFLINE_NAME}.zip"
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
            state = self.tree[2].get((lang, relative), "unreviewed")
            if state not in ("stale", "unreviewed"):
                return ""
            title, text = label(lang, "notice_stale_title"), label(lang, "notice_stale") + f" [{label(lang, 'see_source')}]({link})"
        else:
            return ""
        return f'!!! warning "{title}"\n    {text}\n\n'



class _Languages:
    """The languages that mkdocs-static-i18n builds after the default one, each taken whole
    from the last build (``last``) when nothing its build reads has changed since.

    What a language's build reads is named by :func:`kp.sitecache.language_inputs`. After an
    edit of an English page whose translations are already marked out of date, the Hindi and
    Bengali builds would go through every page and place every stored file again, to the
    same result: half the time of a rebuild. mkdocs-static-i18n builds the other languages
    from the default language's ``on_post_build``, each with the
    :func:`mkdocs.commands.build.build` that its module imported; for that event's length,
    the module's name stands for :meth:`build`, which passes over the languages placed here.
    """

    def __init__(self, plugin: PagesPlugin, config, i18n, last: Path | None):
        self.plugin, self.i18n, self.site = plugin, i18n, Path(config.site_dir)
        project = plugin.project
        settings = project.settings
        environment = plugin._environment(config)
        self.inputs = {
            lang: language_inputs(
                environment, project.docs_dir, lang, settings.source_language, settings.languages,
                [s.to_dict() for s in plugin.tree[1] if s.lang == lang],
            )
            for lang in i18n.build_languages if lang != i18n.default_language
        }
        self.record: dict[str, dict] = {}  # language -> its inputs and steps' folder, as placed or built
        self.taken: set[str] = set()
        recorded = {} if last is None or last.resolve() == self.site.resolve() else read_languages_record(last)
        if config.site_url:
            recorded = {}  # the sitemap, written by each language's build in turn, lists them all
        for lang, inputs in self.inputs.items():
            entry = recorded.get(lang)
            if not (isinstance(entry, dict) and entry.get("inputs") == inputs and (last / lang).is_dir()):
                continue
            link_tree(last / lang, self.site / lang)
            self.record[lang] = entry
            self.taken.add(lang)
            steps = plugin._steps(config) / str(entry.get("steps"))
            if SITE_STEPS.fullmatch(steps.name) and steps.is_dir():
                mark_folder_used(steps, SITE_STEPS)  # kept for the next time the language is built
        self._build = mkdocs_static_i18n.plugin.build
        mkdocs_static_i18n.plugin.build = self.build

    def build(self, config, **options) -> None:
        lang = self.i18n.current_language
        if lang in self.taken:
            log.info(f"kp: '{lang}' taken from the last build: nothing its pages read has changed")
            return
        with WarningCounter() as warnings:
            self._build(config, **options)
        if warnings.count == 0 and lang in self.inputs and self.plugin.store is not None:
            # A language that warned is built again next time, so that --strict sees it warn.
            self.record[lang] = {"inputs": self.inputs[lang], "steps": self.plugin.store.folder.name}

    def restore(self) -> None:
        mkdocs_static_i18n.plugin.build = self._build


def _toc_item(item: AnchorLink) -> list:
    return [item.title, item.id, item.level, [_toc_item(child) for child in item.children]]


def _anchor(item: list) -> AnchorLink:
    title, anchor, level, children = item
    link = AnchorLink(title, anchor, level)
    link.children = [_anchor(child) for child in children]
    return link


def _nav_outline(items) -> list:
    """Everything of the navigation that a page shows: titles, URLs and sections, in order."""
    outline = []
    for item in items:
        if isinstance(item, Section):
            outline.append(["section", item.title, _nav_outline(item.children)])
        else:
            outline.append([type(item).__name__, item.title, getattr(item, "url", None)])
    return outline
