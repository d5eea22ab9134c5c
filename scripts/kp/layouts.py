"""Whole products laid out part by part, the parts' layouts kept between builds.

Laying out a whole product is most of the wait after a one-chapter edit: about three seconds
for a product of 47 pages, every time, though one chapter changed. A whole product is its cover
and contents, then its chapters, each beginning a page, then the glossary (:func:`kp.pdf.document_html`).
Each part laid out as a document of its own, numbered on from the part before it (its first page
``counter-reset: page N``, its body ``counter-reset: chapter K``), the contents given the page
numbers the parts were laid out on, and the parts' pages joined (``Document.copy``), give the
same bytes as the product laid out whole (tests/test_layouts.py). A part's layout is kept under
a digest of its HTML, numbering included: after an edit, only the edited chapter is laid out
again, the chapters after it if its number of pages changed, and the contents if a heading or
a page number in them did.

WeasyPrint's layouts live only in the process that made them; :class:`Keeper` is a process
that stays running between builds (``kp site --watch``) and keeps them.
"""

from __future__ import annotations

import hashlib
import html
import multiprocessing
import signal
from collections import OrderedDict
from pathlib import Path

import regex

from . import pdf
from .text import to_native_digits

KEEP = 3
"""Whole products whose parts a keeper holds: the last ones it rendered."""

_BODY = regex.compile(r"<body[^>]*>")
_CHAPTER = regex.compile(r'<section class="chapter[ "]')
_OPENS_WITH_TITLE = regex.compile(r'<section class="chapter[^"]*"[^>]*>\s*<h1[\s>]')
_CONTENTS_LINK = regex.compile(r'<a class="page" href="#([^"]+)"')
_END = "</body></html>"


class Parts:
    """A whole product's HTML cut into its front (cover and contents) and its chapters."""

    def __init__(self, head: str, body: str, front: str, chapters: list[str], lang: str):
        self.head, self.body, self.front, self.chapters, self.lang = head, body, front, chapters, lang
        self.anchors = [html.unescape(anchor) for anchor in _CONTENTS_LINK.findall(front)]

    @classmethod
    def of(cls, html_text: str, lang: str) -> Parts | None:
        """The parts, or None where laying them out apart might not give the product's bytes:
        a chapter that does not open with its title would carry the running head of the
        chapter before it onto its first page, which a part of its own cannot."""
        body = _BODY.search(html_text)
        if body is None or not html_text.endswith(_END):
            return None
        content = html_text[body.end():-len(_END)]
        cuts = [match.start() for match in _CHAPTER.finditer(content)]
        chapters = [content[a:b] for a, b in zip(cuts, cuts[1:] + [len(content)])]
        if not chapters or not all(_OPENS_WITH_TITLE.match(chapter) for chapter in chapters):
            return None
        return cls(html_text[:body.start()], body.group(0), content[:cuts[0]], chapters, lang)

    def _page(self, style: str, content: str) -> str:
        head, closing, rest = self.head.rpartition("</head>")
        return f"{head}<style>{style}</style>{closing}{rest}{self.body}{content}{_END}"

    def chapter(self, index: int, first_page: int) -> str:
        """Chapter ``index`` (from 0) as a document whose first page is ``first_page``."""
        counter = pdf.COUNTER_STYLES.get(self.lang, "decimal")
        # The stylesheet leaves the running head and the number off a document's first page
        # (the cover's); a chapter's first page has both.
        style = (f"@page :first {{ counter-reset: page {first_page}; @top-center {{ content: string(chapter); }} "
                 f"@bottom-center {{ content: counter(page, {counter}); }} }} "
                 f"body {{ counter-reset: chapter {index}; }}")
        return self._page(style, self.chapters[index])

    def contents(self, numbers: dict[str, int]) -> str:
        """The front, its contents giving the page ``numbers`` instead of looking them up."""
        rules = []
        for anchor in self.anchors:
            number = to_native_digits(str(numbers[anchor]), self.lang)
            target = anchor.replace("\\", "\\\\").replace('"', '\\"')
            rules.append(f'nav.toc a.page[href="#{target}"]::before {{ content: "{number}"; }}')
        return self._page(" ".join(rules), self.front)


class Layouts:
    """The parts' layouts of the last :data:`KEEP` whole products rendered in this process."""

    def __init__(self, keep: int = KEEP):
        self.keep = keep
        self.products: OrderedDict[str, tuple[int, dict]] = OrderedDict()  # name -> (front's pages, parts)
        self.laid_out = 0  # parts laid out, for the curious and the tests
        self._fonts = None

    def render(self, name: str, lang: str, html_text: str, output: Path, base: Path, root: Path) -> int:
        """Render the whole product ``name`` (its HTML ``html_text``) to ``output``; return its page count."""
        front_pages, kept = self.products.pop(name, (0, {}))
        parts = Parts.of(html_text, lang)
        if parts is None:
            return pdf.render(html_text, output, base, root, name)
        if self._fonts is None:
            from weasyprint.text.fonts import FontConfiguration

            self._fonts = FontConfiguration()
        used: dict[str, object] = {}

        def layout(part_html: str):
            key = hashlib.sha256(part_html.encode()).hexdigest()
            found = used.get(key) or kept.get(key)
            if found is None:
                found = pdf.lay_out(part_html, base, root, self._fonts)
                self.laid_out += 1
            used[key] = found
            return found

        joined = None
        with pdf.rendering(name):
            if not front_pages:
                front_pages = len(layout(parts.contents(dict.fromkeys(parts.anchors, 0))).pages)
            for _ in range(3):  # the contents' own length moves the chapters once in a while
                page, numbers, chapters = front_pages + 1, {}, []
                for index in range(len(parts.chapters)):
                    chapter = layout(parts.chapter(index, page))
                    for offset, laid in enumerate(chapter.pages):
                        for anchor in laid.anchors:
                            numbers.setdefault(anchor, page + offset)
                    chapters.append(chapter)
                    page += len(chapter.pages)
                if any(anchor not in numbers for anchor in parts.anchors):
                    break
                front = layout(parts.contents(numbers))
                if len(front.pages) == front_pages:
                    joined = front.copy([laid for part in (front, *chapters) for laid in part.pages])
                    used = {key: part for key, part in used.items() if any(part is p for p in (front, *chapters))}
                    break
                front_pages = len(front.pages)
            if joined is None:  # not settled: laid out whole, as without a keeper
                joined, used = pdf.lay_out(html_text, base, root), {}
            data = pdf.pdf_bytes(joined)
        if used:
            self.products[name] = (front_pages, used)
            while len(self.products) > self.keep:
                self.products.popitem(last=False)
        pdf.write_pdf_file(output, data)
        return len(joined.pages)


def _keep(connection) -> None:
    """The keeper's process: render each job received, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches every process; the parent stops this one
    layouts = Layouts()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        result = pdf.render_job(job, layouts)
        connection.send((*result, list(layouts.products)))


class Keeper:
    """A process that stays running between builds and lays out whole products in it, part by
    part, from the parts it kept (:class:`Layouts`).

    It takes the products whose parts it holds, and one more when a build has only one new
    (an edit); a build with many whole products to make (the first, or after a glossary edit)
    leaves the others to the workers, which lay them out faster whole.
    """

    RENDERS = 200
    """Products rendered before the process is replaced: WeasyPrint's memory grows with each."""

    def __init__(self):
        self._process = self._connection = None
        self._renders = 0
        self.holds: set[str] = set()

    def start(self) -> None:
        """Start the process now (before the caller starts threads of its own, where it forks)."""
        self.close()
        pdf.import_weasyprint()  # inherited where forked
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._connection, theirs = context.Pipe()
        self._process = context.Process(target=_keep, args=(theirs,), name="kp-layouts", daemon=True)
        self._process.start()
        theirs.close()
        self._renders = 0

    def takes(self, whole: list) -> list:
        """Of the pending jobs for whole products, those to render here."""
        held = [job for job in whole if job[0].output in self.holds]
        new = [job for job in whole if job[0].output not in self.holds]
        return held + (new if len(new) == 1 else [])

    def render(self, job) -> tuple[str, int, str | None]:
        """Render one job, in the keeper; (name, pages, error or None), as a worker's."""
        for attempt in range(2):
            if self._process is None or not self._process.is_alive() or self._renders >= self.RENDERS:
                self.start()
            try:
                self._connection.send(job)
                name, pages, error, holds = self._connection.recv()
            except (EOFError, OSError):  # it died (out of memory, killed): once more, in a new one
                self.close()
                continue
            self._renders += 1
            self.holds = set(holds)
            return name, pages, error
        return job[0].output, 0, f"{job[0].output}: the process laying out whole products stopped twice; see its messages above"

    def close(self) -> None:
        if self._process is not None:
            try:
                self._connection.send(None)
            except OSError:
                pass
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join()
            self._connection.close()
        self._process = self._connection = None
        self.holds = set()
