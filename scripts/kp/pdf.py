"""Print-ready PDFs for trainers: chapters, whole knowledge products and bilingual handouts.

Markdown is rendered to HTML with Python-Markdown (not MkDocs) and to PDF with WeasyPrint,
with three things added that trainers need from Hindi and Bengali PDFs:

* every drawn line carries its text as ``/ActualText``, so that copying or searching gives
  back the text that was written, pre-base vowel signs included (WeasyPrint's ToUnicode map
  alone gives वरोधी for विरोधी);
* a character that no font can draw fails the build, naming the character, the document and
  the page, instead of a .notdef box reaching paper;
* nothing is fetched from outside the project: an outside URL is an error, not a hang.

PDFs are tagged (PDF/UA-1), fonts embedded and subset, and the same sources give the same
bytes. Documents are rendered in parallel and reused from a cache while their sources are unchanged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import io
import json
import logging
import multiprocessing
import os
import posixpath
import shutil
import stat
import struct
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import quote, unquote

import markdown as python_markdown
import regex
import yaml

from .expiry import UseLog
from .glossary import Glossary
from .labels import label
from .page import HTML_SRC, normalise_newlines, split_front_matter, split_link
from .project import LANGUAGE_NAMES
from .reference import CONTROL, document_control_html
from .text import to_native_digits

COUNTER_STYLES = {"en": "decimal", "hi": "devanagari", "bn": "bengali"}
PRODUCT_LABELS = {
    "sop": {"en": "Standard Operating Procedure", "hi": "मानक संचालन प्रक्रिया", "bn": "আদর্শ কার্যপ্রণালী"},
    "manual": {"en": "Training manual", "hi": "प्रशिक्षण पुस्तिका", "bn": "প্রশিক্ষণ নির্দেশিকা"},
    "compendium": {"en": "Legal compendium", "hi": "विधिक संकलन", "bn": "আইনি সংকলন"},
    "handouts": {"en": "Handouts", "hi": "सहायक पत्रक", "bn": "সহায়িকা"},
}
CONTENTS = {"en": "Contents", "hi": "विषय-सूची", "bn": "সূচিপত্র"}
EXTENSIONS = [
    "admonition", "attr_list", "def_list", "tables", "toc",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist",
]


class PdfError(Exception):
    """A PDF that cannot be made as it should be; the message says what and where."""


@dataclass
class Document:
    """One PDF: a chapter, a whole knowledge product, or a bilingual handout."""

    lang: str
    product: str
    slug: str  # file name without .pdf
    pages: list[Path]
    output: str  # path relative to the site root, e.g. pdf/hi/sop.pdf
    whole: bool = False  # a whole product: cover, contents, numbered chapters, glossary
    partner: list[Path] = field(default_factory=list)  # English pages beside a bilingual handout
    paper: str = "A4"


def product_order(root: Path) -> dict[str, list[str]]:
    """Product folder -> chapter paths in the order of mkdocs.yml's nav (read as plain YAML)."""
    config = root / "mkdocs.yml"
    order: dict[str, list[str]] = {}
    try:
        nav = yaml.load(config.read_text(encoding="utf-8"), Loader=_IgnoreTags).get("nav") or []
    except (OSError, yaml.YAMLError, AttributeError):
        return order

    def walk(items):
        for item in items:
            if isinstance(item, str):
                yield item
            elif isinstance(item, dict):
                for value in item.values():
                    yield from walk(value if isinstance(value, list) else [value])

    for path in walk(nav):
        if "/" in path:
            order.setdefault(path.split("/", 1)[0], []).append(path)
    return order


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml even where it uses tags like !!python/name or !ENV."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def plan(project, *, langs=None, only=None, paper: str = "A4") -> list[Document]:
    """Every PDF to make: per language, one per chapter, one per product, bilingual handouts."""
    settings = project.settings
    docs = project.docs_dir
    order = product_order(project.root)
    documents = []
    for lang in langs or settings.languages:
        folder = docs / lang
        if not folder.is_dir():
            continue
        found: dict[str, set[Path]] = {}  # product folder -> its pages
        for page in folder.rglob("*.md"):
            parts = page.relative_to(folder).parts
            if len(parts) > 1:
                found.setdefault(parts[0], set()).add(page)
        for product in sorted(found):
            listed = [folder / path for path in order.get(product, []) if folder / path in found[product]]
            extra = sorted(found[product].difference(listed))
            pages = listed + [p for p in extra if p.name == "index.md"] + [p for p in extra if p.name != "index.md"]
            documents.append(Document(lang, product, product, pages, f"pdf/{lang}/{product}.pdf", whole=True, paper=paper))
            for page in pages:
                slug = page.relative_to(folder / product).with_suffix("").as_posix().replace("/", "-")
                documents.append(Document(lang, product, slug, [page], f"pdf/{lang}/{product}/{slug}.pdf", paper=paper))
                source = docs / settings.source_language / page.relative_to(folder)
                if product == "handouts" and lang != settings.source_language and source.is_file() and slug != "index":
                    documents.append(Document(
                        lang, product, f"{slug}-bilingual", [page], f"pdf/{lang}/{product}/{slug}-bilingual.pdf",
                        partner=[source], paper=paper,
                    ))
    if only:
        documents = [d for d in documents if only in (d.product, f"{d.product}/{d.slug}", d.output)]
    return documents


def _markdown(path: Path) -> tuple[dict, str]:
    return _split(path.read_text(encoding="utf-8-sig"))


def _split(text: str) -> tuple[dict, str]:
    """A page's front matter and body."""
    return split_front_matter(normalise_newlines(text))


def _render_markdown(body: str) -> str:
    return python_markdown.markdown(body, extensions=EXTENSIONS, extension_configs={"toc": {"permalink": False}})


_ID = regex.compile(r'\bid="([^"]+)"')
_HREF = regex.compile(r'\bhref="([^"]*)"')


PROJECT_SCHEME = "kp-project"
"""Image URLs by their path in the project (``kp-project:docs/en/sop/flow.png``), read by
:func:`_fetcher`. A page's images are given so, not relative to the document: a document's
pages may come from several folders (an English handout beside its translation). And not as
``file:`` URLs: WeasyPrint names each image in the PDF after its URL, and the same sources
must give the same bytes wherever the project is."""


def _chapter_html(path: Path, key: str, keys: dict[str, str], project) -> tuple[str, dict]:
    """A chapter's HTML with ids made unique in the document, links between chapters kept and
    images given by their place in the project (:data:`PROJECT_SCHEME`; :func:`shown_file`)."""
    root = project.root.resolve()
    meta, body = _markdown(path)
    rendered = _render_markdown(body)
    rendered = _ID.sub(lambda m: f'id="{key}--{m.group(1)}"', rendered)

    def link(match):
        target = html.unescape(match.group(1))
        if target.startswith("#"):
            return f'href="#{key}--{html.escape(target[1:])}"'
        if "://" in target or target.startswith("mailto:"):
            return match.group(0)
        page, _, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path.as_posix()), page))
        if resolved in keys:
            other = keys[resolved]
            return f'href="#{other}--{html.escape(anchor)}"' if anchor else f'href="#{other}"'
        return 'data-outside-document="true"'

    def source(match):
        local = _local_target(html.unescape(match.group(2)))
        if local is None:
            return match.group(0)  # a URL: the renderer takes data: and refuses the others
        file = shown_file(project, path, local)
        if root not in file.parents:
            return f'src="{html.escape(file.as_uri())}"'  # refused by the renderer, which names it
        return f'src="{PROJECT_SCHEME}:{html.escape(quote(file.relative_to(root).as_posix()))}"'

    rendered = _HREF.sub(link, rendered)
    rendered = HTML_SRC.sub(source, rendered)  # Markdown's pictures, and raw HTML's quoted either way
    return rendered, meta


def _title(meta: dict, body_html: str, fallback: str) -> str:
    if isinstance(meta.get("title"), str):
        return meta["title"]
    match = regex.search(r"<h1[^>]*>(.*?)</h1>", body_html, regex.S)
    return html.unescape(regex.sub(r"<[^>]+>", "", match.group(1))) if match else fallback


def _glossary_appendix(glossary: Glossary, lang: str) -> str:
    items = []
    for entry in sorted((e for e in glossary.entries if e.definition.get(lang)), key=lambda e: e.preferred.get(lang, "").casefold()):
        items.append(f"<dt>{html.escape(entry.preferred.get(lang, entry.id))}</dt><dd>{html.escape(entry.definition[lang])}</dd>")
    title = html.escape(label(lang, "glossary"))
    return f'<section class="chapter glossary" id="glossary"><h1>{title}</h1><dl>{"".join(items)}</dl></section>'


def document_html(document: Document, project, date: str) -> str:
    """The complete HTML of a PDF, ready for WeasyPrint."""
    lang = document.lang
    product_name = PRODUCT_LABELS.get(document.product, {}).get(lang, document.product)
    keys = {p.as_posix(): f"c{i}" for i, p in enumerate(document.pages)}
    chapters, toc, titles = [], [], []
    control = {}
    for path in document.pages:
        key = keys[path.as_posix()]
        body, meta = _chapter_html(path, key, keys, project)
        title = _title(meta, body, path.stem)
        titles.append(title)
        if isinstance(meta.get("document"), dict) and not control:
            control = meta["document"]
        headings = regex.findall(r'<h([12]) id="([^"]+)"[^>]*>(.*?)</h[12]>', body, regex.S)
        for level, anchor, text in headings:
            plain = html.unescape(regex.sub(r"<[^>]+>", "", text)).strip()
            toc.append(f'<li class="level-{level}"><a href="#{anchor}">{html.escape(plain)}</a>'
                       f'<span class="leader"></span><a class="page" href="#{anchor}"></a></li>')
        chapters.append(f'<section class="chapter" id="{key}">{body}</section>')
    if document.partner:
        return _bilingual_html(document, project, titles[0], date)
    title = product_name if document.whole else titles[0]
    parts = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>']
    parts.append(f'<meta name="dcterms.created" content="{date}"><meta name="dcterms.modified" content="{date}">')
    parts.append(f'<meta name="generator" content="kp"><style>{stylesheet(lang, document.paper)}</style></head>')
    parts.append(f'<body class="{"numbered" if document.whole else ""}">')
    if document.whole:
        version = to_native_digits(str(control.get("version", "")), lang) if control else ""
        meta_line = " · ".join(filter(None, [
            to_native_digits(date, lang),
            f"{CONTROL['version'][lang]} {version}" if version else "",
            LANGUAGE_NAMES.get(lang, lang),
        ]))
        parts.append(
            f'<section class="cover"><div class="product">{html.escape(product_name)}</div>'
            f'<h1>{html.escape(titles[0])}</h1><div class="meta">{html.escape(meta_line)}</div>'
            f'{document_control_html(control, lang, "document-control")}</section>'
        )
        parts.append(f'<nav class="toc"><h2>{html.escape(CONTENTS[lang])}</h2><ol>{"".join(toc)}</ol></nav>')
    parts.extend(chapters)
    if document.whole:
        parts.append(_glossary_appendix(project.glossary, lang))
    parts.append("</body></html>")
    return "".join(parts)


def _sections(body_html: str) -> list[tuple[str, str]]:
    """(anchor, html) of each part of a chapter, split before every h1/h2."""
    pieces = regex.split(r'(?=<h[12] id=")', body_html)
    out = []
    for piece in pieces:
        match = regex.match(r'<h[12] id="[^"]*?--([^"]+)"', piece)
        out.append((match.group(1) if match else "", piece))
    return out


def _bilingual_html(document: Document, project, title: str, date: str) -> str:
    """English beside the translation, section by section (the sections match by anchor)."""
    lang, source_lang = document.lang, project.settings.source_language
    left, _ = _chapter_html(document.partner[0], "en", {}, project)
    right, _ = _chapter_html(document.pages[0], "tr", {}, project)
    right_sections = dict(_sections(right))
    rows = []
    for anchor, english in _sections(left):
        translated = right_sections.pop(anchor, "")
        if not english.strip() and not translated.strip():
            continue
        rows.append(f'<tr><td lang="{source_lang}">{english}</td><td lang="{lang}">{translated}</td></tr>')
    for anchor, translated in right_sections.items():
        rows.append(f'<tr><td lang="{source_lang}"></td><td lang="{lang}">{translated}</td></tr>')
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta name="dcterms.created" content="{date}"><meta name="dcterms.modified" content="{date}">'
        f'<style>{stylesheet(lang, "A4 landscape")}</style></head><body>'
        f'<section class="chapter"><table class="bilingual">{"".join(rows)}</table></section></body></html>'
    )


def stylesheet(lang: str, paper: str) -> str:
    css = resources.files("kp").joinpath("print.css").read_text(encoding="utf-8")
    return css.replace("var(--kp-counter, decimal)", COUNTER_STYLES.get(lang, "decimal")).replace("var(--kp-paper, A4)", paper)


_TARGETS = (
    regex.compile(r"\]\(\s*<?([^\s)>]+)"),  # [text](target) and ![alt](target)
    regex.compile(r"(?m)^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)"),  # [label]: target
    regex.compile(r"""\b(?:src|href|data)\s*=\s*["']([^"']+)"""),  # raw HTML
)


def shown_file(project, page: Path, local: str) -> Path:
    """The file that ``local`` (a target relative to ``page``) names, resolved.

    A translation shows the source language's file where it has none of its own, as the
    website does (mkdocs-static-i18n's fallback) and as the link check expects.
    """
    file = (page.parent / local).resolve()
    if not file.exists():
        fallback = project.translation_of(file, project.settings.source_language, resolved=True)
        if fallback is not None and fallback.is_file():
            return fallback.resolve()
    return file


def _local_target(target: str) -> str | None:
    """The file a link or image target names, relative to its page; None for pages, anchors and URLs."""
    path = (split_link(target) or ("", ""))[0]
    if not path or path.startswith("/") or path.endswith(".md"):
        return None
    return path


class Sources:
    """The source pages and the folders beside them, each read once however many PDFs hold it.

    A chapter is in its own PDF, its product's and perhaps a bilingual handout; a library of
    500 chapters per language asks for its pages some 6,000 times to know which PDFs changed.
    """

    def __init__(self, project):
        self.project = project
        self._bytes: dict[Path, bytes] = {}
        self._dates: dict[Path, list[dt.date]] = {}
        self._folders: dict[Path, str] = {}
        self._shown: dict[Path, str] = {}

    def bytes(self, path: Path) -> bytes:
        if path not in self._bytes:
            self._bytes[path] = path.read_bytes()
        return self._bytes[path]

    def dates(self, path: Path) -> list[dt.date]:
        """The page's ``date`` and ``document.effective``, where it gives them."""
        if path not in self._dates:
            raw = self.bytes(path)
            if b"date" not in raw and b"effective" not in raw:  # neither key, however it is written
                self._dates[path] = []
                return []
            meta, _ = _split(raw.decode("utf-8-sig"))
            control = meta.get("document")
            values = (meta.get("date"), control.get("effective") if isinstance(control, dict) else None)
            self._dates[path] = [value for value in values if isinstance(value, dt.date)]
        return self._dates[path]

    def shown(self, path: Path) -> str:
        """The files the page links to or shows, wherever they are, by target, size and modification.

        Found by scanning the text, not by rendering it: the scan finds every image the PDF can
        show (and links to other files as well, which only cost a ``stat`` each).
        """
        if path not in self._shown:
            text = self.bytes(path).decode("utf-8", errors="replace")
            entries = []
            for target in sorted({found for pattern in _TARGETS for found in pattern.findall(text)}):
                local = _local_target(target)
                if local is None:
                    continue
                try:
                    status = shown_file(self.project, path, local).stat()
                except (OSError, ValueError):
                    continue
                if stat.S_ISREG(status.st_mode):
                    entries.append(f"\0{target} {status.st_size} {status.st_mtime_ns}")
            self._shown[path] = "".join(entries)
        return self._shown[path]

    def beside(self, folder: Path) -> str:
        """The files in ``folder`` other than pages (images), by name, size and modification."""
        if folder not in self._folders:
            entries = []
            for entry in sorted(folder.iterdir()):
                if entry.suffix != ".md" and entry.is_file():
                    status = entry.stat()
                    entries.append(f"\0{entry.name} {status.st_size} {status.st_mtime_ns}")
            self._folders[folder] = "".join(entries)
        return self._folders[folder]


def build_date(pages: list[Path], sources: Sources) -> str:
    """SOURCE_DATE_EPOCH if set, else the latest ``document.effective`` or ``date`` in the pages."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    dates = [value for path in pages for value in sources.dates(path)]
    return max(dates).isoformat() if dates else ""


# --- rendering (in worker processes) ---------------------------------------------------------

LDCONFIG = "/sbin/ldconfig"

_LDCONFIG_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
                 "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}
"""The ABI that ``ldconfig -p`` names for this machine's libraries, as ctypes.util reads it."""


def linker_lookup(listing: str):
    """``ctypes.util.find_library`` answered from one ``ldconfig -p`` listing.

    The same answer as the standard library's first step on Linux (the library's soname for
    this machine's ABI), and None where the listing does not have it, instead of trying gcc
    and ld as well.
    """
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    abi = regex.escape(_LDCONFIG_ABI.get(machine, "libc6"))

    def find_library(name: str) -> str | None:
        found = regex.search(rf"\s+(lib{regex.escape(name)}\.[^\s]+)\s+\({abi}", listing)
        return found.group(1) if found else None

    return find_library


def import_weasyprint():
    """WeasyPrint, imported with its native libraries looked up in one reading of ldconfig's list.

    WeasyPrint tries several names for each of its seven libraries (Linux's, macOS's and
    Windows'), and cffi hands each name that is not a file to ``ctypes.util.find_library``,
    which on Linux runs ldconfig, then gcc, then ld for every name they do not know: 54
    processes on Debian 12, about a quarter of a second at the start of every PDF build,
    which a one-chapter rebuild waits for. Where the list leaves a library unfound, WeasyPrint
    is imported again the usual way (and says so itself if that fails too).
    """
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    try:
        listing = subprocess.run([LDCONFIG, "-p"], capture_output=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        listing = b""  # not glibc's linker (macOS, musl): the usual lookup
    if listing:
        import ctypes.util

        original = ctypes.util.find_library
        ctypes.util.find_library = linker_lookup(listing.decode("utf-8", errors="replace"))
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # its advice on a library it cannot find
                import weasyprint
            return weasyprint
        except OSError:
            pass  # a library the list does not have: looked for again below
        finally:
            ctypes.util.find_library = original
    import weasyprint

    return weasyprint


def _install_actual_text():
    """Wrap every line WeasyPrint draws in ``/Span <</ActualText (...)>> BDC ... EMC``."""
    import pydyf
    import weasyprint.document as document_module
    import weasyprint.draw as draw

    if getattr(draw.draw_text, "kp_actual_text", False):
        return
    original = draw.draw_text

    def draw_text(stream, textbox, *args, **kwargs):
        if not textbox.text.strip():
            return original(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(textbox.text)}))
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw_text.kp_actual_text = True
    draw.draw_text = draw_text
    original_page = document_module.draw_page

    def draw_page(page, stream, *args, **kwargs):
        _Watch.page += 1
        return original_page(page, stream, *args, **kwargs)

    document_module.draw_page = draw_page


class _Watch(logging.Handler):
    """Catches WeasyPrint's '.notdef glyph rendered' warning with the page being drawn."""

    page = 0

    def __init__(self):
        super().__init__(logging.WARNING)
        self.missing: list[tuple[str, int]] = []

    def emit(self, record):
        message = record.getMessage()
        if ".notdef glyph" in message:
            found = regex.search(r"U\+([0-9A-F]{4,6})", message)
            if found:
                self.missing.append((chr(int(found.group(1), 16)), _Watch.page))


def _fetcher(root: Path):
    """A URL fetcher that reads files inside the project and refuses everything else."""
    import mimetypes
    from urllib.parse import urlsplit

    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class Unusable(FatalURLFetchingError):
        pass

    class ProjectFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(f"{PROJECT_SCHEME}:"):
                target = (root / unquote(url[len(PROJECT_SCHEME) + 1:])).resolve()
                if root in target.parents:
                    if not target.is_file():
                        shown = target.relative_to(root).as_posix()
                        raise Unusable(f"the picture {shown} does not exist (kp check names the page that shows it)")
                    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, target.read_bytes(), {"Content-Type": kind})
            if url.startswith("file:"):
                target = Path(unquote(urlsplit(url).path)).resolve()
                if root in target.parents:
                    return super().fetch(url, headers)
            raise Unusable(f"{url} is outside the project; a PDF uses only files inside it and fetches nothing from outside")

    return ProjectFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True, timeout=5)


@contextlib.contextmanager
def rendering(name: str):
    """Around WeasyPrint's work on the document ``name``: a file it may not fetch, and a
    character no font can draw, become a :class:`PdfError` that names them."""
    import_weasyprint()
    _install_actual_text()
    from weasyprint.urls import FatalURLFetchingError

    watch = _Watch()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(watch)
    _Watch.page = 0
    try:
        yield
    except FatalURLFetchingError as error:
        cause = error.__cause__ or error
        raise PdfError(f"{name}: {cause}") from None
    finally:
        logger.removeHandler(watch)
    if watch.missing:
        char, page = watch.missing[0]
        raise PdfError(
            f"{name}: no font has a glyph for {char!r} (U+{ord(char):04X}) on page {page}; "
            "install a font that covers it or change the text"
        )


def lay_out(html_text: str, base: Path, root: Path, font_config=None):
    """WeasyPrint's layout of ``html_text`` (a ``weasyprint.Document``), tagged for PDF/UA-1."""
    weasyprint = import_weasyprint()
    page = weasyprint.HTML(string=html_text, base_url=str(base), url_fetcher=_fetcher(root.resolve()))
    return page.render(pdf_variant="pdf/ua-1", font_config=font_config)


def pdf_bytes(layout) -> bytes:
    return layout.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)


def write_pdf_file(output: Path, data: bytes) -> None:
    """``data`` written beside ``output`` and renamed over it: never a half-written PDF."""
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, output)


def render(html_text: str, output: Path, base: Path, root: Path, name: str) -> int:
    """Render ``html_text`` to ``output`` (written aside, then renamed); return the page count."""
    with rendering(name):
        document = lay_out(html_text, base, root)
        data = pdf_bytes(document)
    write_pdf_file(output, data)
    return len(document.pages)


_WORKER_PROJECT = None
"""The project in a worker: inherited from the parent where workers are forked."""

WORKER_DOCUMENTS = 100
"""Documents a worker renders before it is replaced by a fresh one."""


def render_job(job, layouts=None):
    """Make one document's HTML and render it, in a worker; (name, pages, error or None).

    With ``layouts`` (in a process that outlives builds, :class:`kp.layouts.Keeper`), the
    project is read again for every document and a whole product is laid out part by part.
    """
    global _WORKER_PROJECT
    document, date, output, root = job
    name = document.output
    try:
        if layouts is not None or _WORKER_PROJECT is None or _WORKER_PROJECT.root != Path(root):
            from .project import load_project

            _WORKER_PROJECT = load_project(Path(root))
        html_text = document_html(document, _WORKER_PROJECT, date)
        base = document.pages[0].parent
        if layouts is not None and document.whole:
            return name, layouts.render(name, document.lang, html_text, Path(output), base, Path(root)), None
        return name, render(html_text, Path(output), base, Path(root), name), None
    except PdfError as error:
        return name, 0, str(error)
    except Exception as error:  # a renderer crash names the document instead of a bare traceback
        return name, 0, f"{name}: {type(error).__name__}: {error}"


def document_key(document: Document, project, date: str, environment: str, sources: Sources) -> str:
    """A digest of everything a PDF is made from, read without rendering anything.

    The document's kind, pages and date, every page's bytes, the files beside the pages and
    those they show from elsewhere (images), the stylesheet, kp, the project's settings, the
    glossary for a whole product, the renderer's version and the installed fonts.
    """
    sha = hashlib.sha256()
    pages = document.pages + document.partner
    # kp's code and settings; the glossary only where it is printed (a whole product's
    # appendix), so that a new term does not make every chapter's PDF again.
    inputs = project.code_digest + (project.data_digests.get("glossary", "") if document.whole else "")
    spec = [environment, inputs, document.lang, document.product, document.slug, document.output,
            document.whole, document.paper, date, [p.as_posix() for p in document.pages],
            [p.as_posix() for p in document.partner]]
    sha.update(json.dumps(spec, ensure_ascii=False).encode())
    for path in pages:
        sha.update(b"\0" + sources.bytes(path))
        sha.update(sources.shown(path).encode())
    for folder in sorted({p.parent for p in pages}):
        sha.update(sources.beside(folder).encode())
    return sha.hexdigest()


def build(project, destination: Path, documents: list[Document], *, jobs: int | None = None,
          stats: dict | None = None, keeper=None) -> list[str]:
    """Make ``documents`` under ``destination``; return error messages (empty on success).

    A PDF whose sources have not changed is taken from the cache instead of being rendered
    again (its HTML is not even made), so a one-chapter edit renders that chapter's PDFs only.
    With a ``keeper`` (:class:`kp.layouts.Keeper`), the whole products it takes are laid out
    there, beside the workers, from the layouts it kept of their unchanged chapters.
    """
    cache = project.root / project.settings.cache_dir / "pdf"
    cache.mkdir(parents=True, exist_ok=True)
    environment = hashlib.sha256((stylesheet("en", "A4") + _renderer_version() + _fonts_digest()).encode()).hexdigest()
    pending, copies = [], []  # documents to render into the cache; (cache file, target) pairs
    sources = Sources(project)
    for document in documents:
        date = build_date(document.pages + document.partner, sources)
        cached = cache / f"{document_key(document, project, date, environment, sources)}.pdf"
        if not cached.is_file():
            # The HTML is made by the worker that renders it: the parent holds no document's
            # HTML, so its memory does not grow with the library.
            pending.append((document, date, str(cached), str(project.root)))
        copies.append((cached, destination / document.output))
    kept = keeper.takes([job for job in pending if job[0].whole]) if keeper is not None else []
    pending = [job for job in pending if not any(job is taken for taken in kept)]
    if stats is not None:
        stats["rendered"] = len(pending) + len(kept)
        stats["kept"] = len(kept)
    errors = []

    def collect(results) -> None:
        errors.extend(error for _, _, error in results if error)

    if kept and not pending:
        collect(keeper.render(job) for job in kept)
    if pending:
        global _WORKER_PROJECT
        workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
        context = None
        if "fork" in multiprocessing.get_all_start_methods():
            # The project, WeasyPrint and its native libraries are loaded once, here, and
            # inherited by the forked workers instead of being loaded by each of them.
            import_weasyprint()

            context = multiprocessing.get_context("fork")
            _WORKER_PROJECT = project
        try:
            # WeasyPrint's memory grows with every document a process renders; fresh workers
            # for every few hundred documents keep a whole library's build within bounds.
            # In each batch, whole products (the longest) go first, so that no worker is
            # left rendering one alone at the end.
            batch = workers * WORKER_DOCUMENTS
            for first in range(0, len(pending), batch):
                jobs_now = sorted(pending[first:first + batch], key=lambda job: not job[0].whole)
                with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                    results = pool.map(render_job, jobs_now)  # all submitted: the workers start
                    if first == 0:
                        collect(keeper.render(job) for job in kept)
                    collect(results)
        finally:
            _WORKER_PROJECT = None
    if errors:
        return errors
    for cached, target in copies:
        place(cached, target)
    UseLog(cache, ".pdf").record(cached.stem for cached, _ in copies)
    return errors


def place(source: Path, target: Path) -> None:
    """Put ``source`` at ``target`` as a new file (a hard link where possible).

    ``target`` is unlinked first: it may be a link to the published site's copy, which must
    not change under readers.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "$XDG_DATA_HOME/fonts", "~/.local/share/fonts", "~/.fonts")
"""The folders fontconfig's default configuration reads fonts from (Debian's and Ubuntu's)."""


def _fonts_digest() -> str:
    """The installed fonts, by path, size and modification (a few milliseconds for hundreds).

    A PDF is drawn with whichever installed fonts have its glyphs, so an updated Noto font (a
    fixed conjunct, say) makes the PDFs again instead of leaving them as the old font drew them.
    """
    sha = hashlib.sha256()
    seen = set()
    for base in FONT_FOLDERS:
        base = os.path.expanduser(os.path.expandvars(base))
        if "$" in base or base in seen:
            continue  # $XDG_DATA_HOME unset, or the same folder named twice
        seen.add(base)
        for folder, folders, files in os.walk(base):
            folders.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    status = os.stat(path)
                except OSError:
                    continue
                sha.update(f"{path} {status.st_size} {status.st_mtime_ns}\0".encode())
    return sha.hexdigest()


def _renderer_version() -> str:
    """The renderer's version, read without loading it (and its native libraries)."""
    from importlib import metadata

    return f"weasyprint {metadata.version('weasyprint')} pydyf {metadata.version('pydyf')}"
