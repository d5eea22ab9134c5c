"""Reading a Markdown page into prose segments with exact source positions.

A :class:`Page` holds the text as written and the :class:`Segment` s of prose in it:
headings, paragraphs, list items, table cells, blockquotes, admonition titles, with link
text and image alt text marked inside them. Every character of a segment knows its offset
in the file, so a finding is reported at the line and column (in characters) where a
consultant sees it, in Hindi and Bengali as in English.

Code (fenced, indented and inline), URLs, HTML and front matter are not prose: inline code
and inline HTML leave an object-replacement character in the segment so that the words on
either side are not joined, and everything else is simply absent.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import regex
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .text import line_starts

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster

PLACEHOLDER = "\ufffc"
"""Stands in a segment for inline code, HTML and URLs: never part of a word."""

_FRONT_MATTER = regex.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", regex.S)
_FENCE = regex.compile(r"^[ \t]*(```+|~~~+)")
_CONTAINER_HEADER = regex.compile(r"^([ \t]*)(!!!|\?\?\?\+?|===)[ \t]*(.*)$")
_QUOTED_TITLE = regex.compile(r'"([^"]*)"')
_URL = regex.compile(r"(?:https?://|ftp://|www\.)[^\s<>\]\[()]*[^\s<>\]\[().,;:!?'\"।]")
_ATTR_LIST = regex.compile(r"\{\s*[#.:][^{}]*\}\s*$")
_COMMENT = regex.compile(r"<!--(.*?)-->", regex.S)
HTML_SRC = regex.compile(r"""(?<=\s)src\s*=\s*(["'])(.*?)\1""", regex.S)
"""A picture in raw HTML (``<img src="flow.png">``, the value in group 2), which the site and
the PDFs show too."""
_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def _inline_or_plain(state) -> None:
    """markdown-it's inline step, skipping the inline parser where a text holds no markup.

    Most sentences contain none of the characters at which an inline rule can start (the
    parser's own ``terminator_re``); for them the parser would make one text token of the
    whole text, so that token is made directly.
    """
    parser = state.md.inline
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        if token.content and parser.terminator_re.search(token.content) is None:
            text = Token("text", "", 0)
            text.content = token.content
            token.children.append(text)
        else:
            parser.parse(token.content, state.md, state.env, token.children)


_PARSER.core.ruler.at("inline", _inline_or_plain)

BLOCK_SCOPES = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "th_open": "table_cell",
    "td_open": "table_cell",
}
CONTAINER_SCOPES = {
    "blockquote_open": "blockquote",
    "list_item_open": "list_item",
}


@dataclass(frozen=True)
class InlineSpan:
    """A stretch of a segment that is link text or image alt text."""

    start: int
    end: int
    kind: str  # "link_text" | "image_alt"
    target: str


@dataclass(frozen=True)
class Segment:
    """One run of prose: the text a reader reads, and where each character stands in the file."""

    text: str
    scope: str
    containers: tuple[str, ...]
    offsets: tuple[int, ...]
    spans: tuple[InlineSpan, ...] = ()
    level: int = 0  # heading level, 0 for other scopes

    def offset(self, index: int) -> int:
        """The file offset of ``text[index]`` (one past the last character for ``len(text)``)."""
        if index < len(self.offsets):
            return self.offsets[index]
        return self.offsets[-1] + 1 if self.offsets else 0

    def in_span(self, index: int, kind: str) -> InlineSpan | None:
        for span in self.spans:
            if span.kind == kind and span.start <= index < span.end:
                return span
        return None


@dataclass(frozen=True)
class Link:
    target: str
    offset: int
    kind: str  # "link" | "image"


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str | None  # set explicitly with { #anchor }
    offset: int


def split_link(target: str) -> tuple[str, str] | None:
    """(path, anchor) of an internal link, or None for an outside or non-page link."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    return unquote(parts.path), unquote(parts.fragment)


@dataclass(frozen=True)
class Comment:
    """An HTML comment in the page (outside code), where suppressions are written."""

    body: str
    offset: int
    end: int


@dataclass
class Page:
    """A Markdown page read for checking."""

    path: str
    text: str  # the file's text with line endings normalised to \n
    lang: str
    meta: dict = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    _starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a file offset, the column counted in characters."""
        if self._starts is None:
            self._starts = line_starts(self.text)
        starts = self._starts
        low, high = 0, len(starts) - 1
        while low < high:
            mid = (low + high + 1) // 2
            if starts[mid] <= offset:
                low = mid
            else:
                high = mid - 1
        return low + 1, offset - starts[low] + 1


class FrontMatterError(ValueError):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[dict, str]:
    """The page's front matter as a mapping, and the text with it blanked (offsets kept).

    Raises :class:`FrontMatterError` with a 1-based line when the front matter is not
    valid YAML or not a mapping.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    body = match.group(1) or ""
    try:
        data = yaml.load(body, Loader=_YAML_LOADER) if body.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(
            f"front matter must be a mapping of keys to values, not a {type(data).__name__}", 1
        )
    # Blanked character for character, so offsets in the page are offsets in the file.
    blank = regex.sub(r"[^\n]", " ", match.group(0))
    return data, blank + text[match.end() :]


def read_page(path: str, text: str, lang: str, meta: dict | None = None) -> Page:
    """Read Markdown ``text`` (front matter already split off and blanked) into a :class:`Page`."""
    page = Page(path=path, text=text, lang=lang, meta=meta or {})
    view, titles = _container_view(text)
    source_lines = text.split("\n")
    starts = line_starts(text)
    tokens = _PARSER.parse(view)
    _Walker(page, source_lines, starts).walk(tokens)
    for line_no, column, title in titles:
        offset = starts[line_no] + column
        page.segments.append(
            Segment(
                text=title,
                scope="admonition_title",
                containers=(),
                offsets=tuple(range(offset, offset + len(title))),
            )
        )
    page.segments.sort(key=lambda s: s.offsets[0] if s.offsets else 0)
    return page


def _container_view(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Dedent admonition (``!!!``, ``???``) and tab (``===``) bodies so they parse as Markdown.

    Returns the text to parse, with the same lines, and the quoted titles found on the
    container lines as ``(line index, column, title)``.
    """
    lines = text.split("\n")
    out: list[str] = []
    titles: list[tuple[int, int, str]] = []
    stack: list[int] = []  # indentation of the bodies we are inside
    in_fence: str | None = None
    for index, line in enumerate(lines):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        while stack and stripped and indent < stack[-1]:
            stack.pop()
        removed = stack[-1] if stack else 0
        if line.strip() and indent >= removed:
            line_view = line[removed:]
        else:
            line_view = line.lstrip(" ") if not line.strip() else line
        fence = _FENCE.match(line_view)
        if fence:
            marker = fence.group(1)[0] * 3
            if in_fence is None:
                in_fence = marker
            elif marker == in_fence:
                in_fence = None
        header = None if in_fence else _CONTAINER_HEADER.match(line_view)
        if header:
            rest = header.group(3)
            title = _QUOTED_TITLE.search(rest)
            if title and title.group(1).strip():
                column = len(line) - len(line_view) + header.start(3) + title.start(1)
                titles.append((index, column, title.group(1)))
            stack.append(removed + len(header.group(1)) + 4)
            out.append("")
            continue
        out.append(line_view)
    return "\n".join(out), titles


class _Walker:
    """Turns markdown-it's token stream into segments, mapping every character back to the file."""

    def __init__(self, page: Page, source_lines: list[str], starts: list[int]):
        self.page = page
        self.lines = source_lines
        self.starts = starts
        self.row_cursor: dict[int, int] = {}

    def walk(self, tokens) -> None:
        containers: list[str] = []
        scope = "paragraph"
        level = 0
        for token in tokens:
            if token.type in CONTAINER_SCOPES:
                containers.append(CONTAINER_SCOPES[token.type])
            elif token.type in ("blockquote_close", "list_item_close"):
                if containers:
                    containers.pop()
            elif token.type in BLOCK_SCOPES:
                scope = BLOCK_SCOPES[token.type]
                level = int(token.tag[1]) if token.type == "heading_open" else 0
            elif token.type == "html_block" and token.map:
                self._html_block(token)
            elif token.type == "inline" and token.map:
                self._inline(token, scope, tuple(containers), level)

    def _html_block(self, token) -> None:
        """The comments (suppressions) and the pictures of a block of raw HTML."""
        first = token.map[0]
        block_start = self.starts[first]
        block_text = "\n".join(self.lines[first : token.map[1]])
        comments = []
        for match in _COMMENT.finditer(block_text):
            comments.append(match.span())
            self.page.comments.append(
                Comment(match.group(1), block_start + match.start(), block_start + match.end())
            )
        for match in HTML_SRC.finditer(block_text):
            if not any(start <= match.start() < end for start, end in comments):
                self.page.links.append(Link(match.group(2), block_start + match.start(), "image"))

    def _content_offsets(self, token, scope: str) -> list[int]:
        """File offset of each character of ``token.content``."""
        content_lines = token.content.split("\n")
        first = token.map[0]
        offsets: list[int] = []
        for k, content_line in enumerate(content_lines):
            line_no = min(first + k, len(self.lines) - 1)
            source = self.lines[line_no]
            if scope == "table_cell":
                cursor = self.row_cursor.get(line_no, 0)
                column = source.find(content_line, cursor) if content_line else cursor
                if column < 0:
                    column = cursor
                self.row_cursor[line_no] = column + len(content_line)
            else:
                column = source.rfind(content_line) if content_line else len(source)
                if column < 0:  # the parser changed the text (NUL -> U+FFFD): align the ends
                    column = max(0, len(source) - len(content_line))
            base = self.starts[line_no] + column
            offsets.extend(range(base, base + len(content_line)))
            offsets.append(base + len(content_line))  # the newline, or one past the end
        return offsets

    def _inline(self, token, scope: str, containers: tuple[str, ...], level: int) -> None:
        content = token.content
        where = self._content_offsets(token, scope)
        builder = _SegmentBuilder(content, where)
        builder.children(token.children or [], self.page)
        text, offsets, spans = builder.result()
        if scope == "heading":
            text, anchor = _strip_attr_list(text)
            self.page.headings.append(
                Heading(level, text.replace(PLACEHOLDER, "").strip(), anchor, where[0] if where else 0)
            )
            offsets = offsets[: len(text)]
        text = _mask_urls(text)
        if text.strip(PLACEHOLDER + " \n\t"):
            self.page.segments.append(
                Segment(text, scope, containers, tuple(offsets), tuple(spans), level)
            )


def _strip_attr_list(text: str) -> tuple[str, str | None]:
    match = _ATTR_LIST.search(text)
    if not match:
        return text, None
    anchor = regex.search(r"#([^\s}]+)", match.group(0))
    return text[: match.start()].rstrip(), anchor.group(1) if anchor else None


def _mask_urls(text: str) -> str:
    return _URL.sub(lambda m: PLACEHOLDER * len(m.group(0)), text)


class _SegmentBuilder:
    """Aligns markdown-it's decoded inline children with the raw inline source."""

    def __init__(self, content: str, where: list[int]):
        self.content = content
        self.where = where
        self.cursor = 0
        self.text: list[str] = []
        self.offsets: list[int] = []
        self.spans: list[InlineSpan] = []
        self.link_stack: list[tuple[int, str, bool]] = []

    def result(self):
        return "".join(self.text), self.offsets, self.spans

    def _at(self, index: int) -> int:
        index = max(0, min(index, len(self.where) - 1))
        return self.where[index] if self.where else 0

    def _emit(self, char: str, content_index: int) -> None:
        self.text.append(char)
        self.offsets.append(self._at(content_index))

    def _skip_to(self, needle: str) -> int:
        found = self.content.find(needle, self.cursor)
        if found < 0:
            return self.cursor
        self.cursor = found + len(needle)
        return found

    def _skip_destination(self) -> None:
        """After a link's ``]``, skip ``(destination "title")`` or ``[label]``."""
        content, i = self.content, self.cursor
        if i < len(content) and content[i] == "(":
            depth = 0
            while i < len(content):
                if content[i] == "\\":
                    i += 2
                    continue
                if content[i] == "(":
                    depth += 1
                elif content[i] == ")":
                    depth -= 1
                    if depth == 0:
                        i += 1
                        break
                i += 1
            self.cursor = i
        elif i < len(content) and content[i] == "[":
            end = content.find("]", i)
            self.cursor = end + 1 if end >= 0 else i

    def _align(self, decoded: str) -> None:
        content = self.content
        found = content.find(decoded, self.cursor, self.cursor + len(decoded) + 64) if decoded else -1
        if found >= 0 and "\\" not in content[self.cursor : found] and "&" not in content[self.cursor : found]:
            # The text stands as written (no escapes or entities): map it in one go.
            self.text.extend(decoded)
            where = self.where
            end = found + len(decoded)
            if end <= len(where):
                self.offsets.extend(where[found:end])
            else:
                last = len(where) - 1
                self.offsets.extend(where[min(i, last)] for i in range(found, end))
            self.cursor = found + len(decoded)
            return
        for char in decoded:
            j = self.cursor
            limit = min(len(content), j + 64)
            matched = None
            while j < limit:
                raw = content[j]
                if raw == char:
                    matched, self.cursor = j, j + 1
                    break
                if raw == "\\" and j + 1 < len(content) and content[j + 1] == char:
                    matched, self.cursor = j + 1, j + 2
                    break
                if raw == "&":
                    entity = _ENTITY.match(content, j)
                    if entity and html.unescape(entity.group(0)).startswith(char):
                        matched, self.cursor = j, entity.end()
                        break
                j += 1
            self._emit(char, matched if matched is not None else self.cursor)

    def children(self, children, page: Page) -> None:
        autolink = False
        for child in children:
            kind = child.type
            if kind == "text":
                if autolink:
                    continue
                self._align(child.content)
            elif kind in ("softbreak", "hardbreak"):
                newline = self.content.find("\n", self.cursor)
                if newline >= 0:
                    self._emit("\n", newline)
                    self.cursor = newline + 1
                else:
                    self._emit(" ", self.cursor)
            elif kind == "code_inline":
                start = self.content.find(child.markup, self.cursor)
                if start < 0:
                    start = self.cursor
                body_start = start + len(child.markup)
                close = self.content.find(child.markup, body_start + len(child.content.strip()))
                self._emit(PLACEHOLDER, start)
                self.cursor = close + len(child.markup) if close >= 0 else body_start
            elif kind == "html_inline":
                start = self.content.find(child.content, self.cursor)
                if start < 0:
                    start = self.cursor
                self._emit(PLACEHOLDER, start)
                self.cursor = start + len(child.content)
                comment = _COMMENT.fullmatch(child.content)
                if comment:
                    page.comments.append(
                        Comment(comment.group(1), self._at(start), self._at(start) + len(child.content))
                    )
                else:
                    for match in HTML_SRC.finditer(child.content):
                        page.links.append(Link(match.group(2), self._at(start + match.start()), "image"))
            elif kind == "link_open":
                href = child.attrs.get("href", "")
                start = self.cursor
                if child.markup == "autolink":
                    autolink = True
                    at = self._skip_to("<")
                    self._emit(PLACEHOLDER, at)
                    page.links.append(Link(str(href), self._at(at), "link"))
                else:
                    at = self._skip_to("[")
                    page.links.append(Link(str(href), self._at(at), "link"))
                self.link_stack.append((len(self.text), str(href), child.markup == "autolink"))
                del start
            elif kind == "link_close":
                if not self.link_stack:
                    continue
                begin, href, was_autolink = self.link_stack.pop()
                if was_autolink:
                    autolink = False
                    self._skip_to(">")
                    continue
                self._skip_to("]")
                self._skip_destination()
                self.spans.append(InlineSpan(begin, len(self.text), "link_text", href))
            elif kind == "image":
                at = self._skip_to("![")
                src = str(child.attrs.get("src", ""))
                page.links.append(Link(src, self._at(at), "image"))
                begin = len(self.text)
                for alt_child in child.children or []:
                    if alt_child.type == "text":
                        self._align(alt_child.content)
                    elif alt_child.type in ("softbreak", "hardbreak"):
                        self._emit(" ", self.cursor)
                self._skip_to("]")
                self._skip_destination()
                self.spans.append(InlineSpan(begin, len(self.text), "image_alt", src))
            elif kind.endswith("_open") or kind.endswith("_close"):
                if child.markup:
                    found = self.content.find(child.markup, self.cursor)
                    if found >= 0 and found - self.cursor < 8:
                        self.cursor = found + len(child.markup)
