"""Property-based tests: the reader, the term finder and the citation finder never crash or hang,
keep positions inside the file, and do not depend on line endings or Unicode normalisation."""

import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kp.citations import CitationFinder
from kp.datafile import load
from kp.glossary import load_glossary
from kp.page import read_page, split_front_matter
from kp.statutes import load_registry

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY, _ = load_glossary(load("glossary.yml", (ROOT / "glossary.yml").read_text(encoding="utf-8")))
REGISTRY, _ = load_registry(load("legal_refs.yml", (ROOT / "legal_refs.yml").read_text(encoding="utf-8")))
FINDER = CitationFinder(REGISTRY)

PIECES = [
    "# ", "## ", "> ", "- ", "1. ", "| a | b |\n|---|---|\n| ", "```\n", "`", "*", "_", "[", "](", ")", "![", "<!-- ", " -->",
    "\n", "\n\n", "    ", "!!! note \"", "\"\n    ", "{ #x }", "\\", "&amp;", "<b>", "http://x.org/a ", "---\n",
    "धारा ३७० ", "भारतीय दंड संहिता की ", "वेश्याओं ", "ভারতীয় দণ্ডবিধির ৩৭০ ধারা ", "পতিতাদের ", "Section 370 IPC ",
    "child prostitutes ", "u/s 370/370A ", "r/w 120B ", "क़", "ड़", "\u200c", "\u200d", "।", "॥", "्", "ি", "ো", "0", "9", " ",
]
markdown_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40).map("".join)
quick = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read(text: str):
    try:
        meta, body = split_front_matter(text)
    except ValueError:
        meta, body = {}, text
    return read_page("p.md", body, "hi", meta), body


@quick
@given(markdown_text)
def test_reader_positions_stay_inside_the_file(text):
    text = text.replace("\r", "")
    page, body = read(text)
    for segment in page.segments:
        assert len(segment.offsets) == len(segment.text)
        for offset in segment.offsets:
            assert 0 <= offset <= len(body)
        for index in range(len(segment.text)):
            line, column = page.position(segment.offset(index))
            assert 1 <= line <= body.count("\n") + 1 and column >= 1


@quick
@given(markdown_text)
def test_line_endings_do_not_change_what_is_read(text):
    text = text.replace("\r", "")
    lf, _ = read(text)
    crlf, _ = read(text.replace("\n", "\r\n").replace("\r\n", "\n"))
    assert [s.text for s in lf.segments] == [s.text for s in crlf.segments]


@quick
@given(markdown_text)
def test_terms_and_citations_ignore_normalisation(text):
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    for lang in ("en", "hi", "bn"):
        assert [m.term.concept for m in GLOSSARY.find(nfc, lang)] == [m.term.concept for m in GLOSSARY.find(nfd, lang)]
    a, _ = FINDER.find(nfc)
    b, _ = FINDER.find(nfd)
    assert [(c.act, c.section) for c in a] == [(c.act, c.section) for c in b]


@quick
@given(markdown_text)
def test_finders_keep_positions_inside_the_text(text):
    for lang in ("en", "hi", "bn"):
        for match in GLOSSARY.find(text, lang):
            assert 0 <= match.start < match.end <= len(text)
            assert text[match.start : match.end] == match.text
    citations, _ = FINDER.find(text)
    for citation in citations:
        assert 0 <= citation.start <= citation.number_start < citation.number_end <= citation.end <= len(text)


def test_deeply_nested_and_huge_input_do_not_crash():
    nested = "> " * 5000 + "text\n" + "- " * 5000 + "item\n" + "[" * 20000 + "x" + "]" * 20000 + "\n"
    page, _ = read(nested)
    assert page is not None
    big = ("Section 370 IPC and the child prostitutes. धारा ३७० भा.दं.सं. " * 20000 + "\n\n") * 5
    page, _ = read(big)
    assert len(page.segments) == 5


@quick
@given(markdown_text)
def test_plain_text_shortcut_gives_the_parsers_tokens(text):
    """kp skips markdown-it's inline parser for text without markup; the tokens are the same."""
    from markdown_it import MarkdownIt

    from kp.page import _PARSER

    stock = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")

    def shape(tokens):
        return [(t.type, t.tag, t.content, t.map, t.markup, shape(t.children or [])) for t in tokens]

    assert shape(_PARSER.parse(text)) == shape(stock.parse(text))
