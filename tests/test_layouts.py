"""Whole products laid out part by part, the parts kept between builds: the same bytes as the
product laid out whole, with only what an edit touched laid out again."""

import importlib.util
import os
import queue
import signal
import subprocess
import sys
import threading

import pytest

from conftest import ROOT

from kp.layouts import Keeper, Layouts, Parts
from kp.pdf import Sources, build, build_date, document_html, plan, render
from kp.project import load_project

pytestmark = pytest.mark.slow

PARAGRAPH = {
    "en": "The investigating officer records the survivor's statement in the language she speaks, with a woman officer present.",
    "hi": "जाँच अधिकारी पीड़िता का बयान उसकी अपनी भाषा में, एक महिला अधिकारी की उपस्थिति में दर्ज करता है।",
    "bn": "তদন্তকারী আধিকারিক একজন মহিলা আধিকারিকের উপস্থিতিতে ভুক্তভোগীর বয়ান তাঁর নিজের ভাষায় নথিভুক্ত করেন।",
}
TITLES = {"en": ("SOP", "Rescue", "Plan", "Statements"), "hi": ("एसओपी", "बचाव", "योजना", "बयान"),
          "bn": ("এসওপি", "উদ্ধার", "পরিকল্পনা", "বয়ান")}


@pytest.fixture
def book(make_project):
    """A product of three chapters in each language, the second three pages long."""
    pages = {}
    for lang, (sop, rescue, plan_, statements) in TITLES.items():
        text = PARAGRAPH[lang]
        pages[f"docs/{lang}/sop/index.md"] = (f"---\ndocument:\n  number: SOP-1\n  version: '1.0'\n---\n"
                                              f"# {sop} {{ #sop }}\n\n{text}\n")
        pages[f"docs/{lang}/sop/rescue.md"] = (f"# {rescue} {{ #rescue }}\n\n" + f"{text}\n\n" * 40
                                               + f"## {plan_} {{ #plan }}\n\n" + f"{text}\n\n" * 20
                                               + "See [the statements](statements.md#record).\n")
        pages[f"docs/{lang}/sop/statements.md"] = (f"# {statements} {{ #statements }}\n\n## Record {{ #record }}\n\n"
                                                   f"| a | b |\n|---|---|\n| {text} | 1 |\n\n{text}\n")
    root = make_project(pages)
    (root / "mkdocs.yml").write_text("nav:\n  - SOP:\n      - sop/index.md\n      - sop/rescue.md\n"
                                     "      - sop/statements.md\n", encoding="utf-8")
    return root


def make_corpus(folder, chapters):
    """The benchmark's corpus (bench/corpus.py): a project with a site of its own."""
    spec = importlib.util.spec_from_file_location("kp_bench_corpus", ROOT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(folder, chapters, 1)
    return folder


def product(root, lang):
    project = load_project(root)
    document = next(d for d in plan(project, langs=[lang]) if d.whole)
    return document, document_html(document, project, "2026-12-01")


def whole(tmp_path, root, document, html_text):
    output = tmp_path / "whole.pdf"
    render(html_text, output, document.pages[0].parent, root, document.output)
    return output.read_bytes()


def in_parts(layouts, tmp_path, root, document, html_text):
    output = tmp_path / "parts.pdf"
    layouts.render(document.output, document.lang, html_text, output, document.pages[0].parent, root)
    return output.read_bytes()


def edit(root, lang, name, extra):
    page = root / f"docs/{lang}/sop/{name}"
    page.write_text(page.read_text(encoding="utf-8") + extra, encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "hi", "bn"])
def test_a_product_laid_out_in_parts_is_the_product_laid_out_whole(book, tmp_path, lang):
    document, html_text = product(book, lang)
    layouts = Layouts()
    assert in_parts(layouts, tmp_path, book, document, html_text) == whole(tmp_path, book, document, html_text)
    # the front twice (its length first, then its page numbers), the three chapters, the glossary
    assert layouts.laid_out == 6


def test_after_an_edit_only_the_edited_chapter_is_laid_out_again(book, tmp_path):
    layouts = Layouts()
    in_parts(layouts, tmp_path, book, *product(book, "hi"))
    before = layouts.laid_out
    edit(book, "hi", "statements.md", "\nएक और वाक्य।\n")
    document, html_text = product(book, "hi")
    assert in_parts(layouts, tmp_path, book, document, html_text) == whole(tmp_path, book, document, html_text)
    assert layouts.laid_out - before == 1


def test_a_chapter_that_grows_by_pages_moves_the_chapters_after_it_and_their_page_numbers(book, tmp_path):
    layouts = Layouts()
    in_parts(layouts, tmp_path, book, *product(book, "en"))
    before = layouts.laid_out
    edit(book, "en", "rescue.md", f"\n{PARAGRAPH['en']}\n" * 60)
    document, html_text = product(book, "en")
    assert in_parts(layouts, tmp_path, book, document, html_text) == whole(tmp_path, book, document, html_text)
    assert layouts.laid_out - before == 4  # the chapter, the one after it, the glossary, the contents


def test_a_chapter_that_does_not_open_with_its_title_is_laid_out_with_the_whole_product(book, tmp_path):
    page = book / "docs/en/sop/statements.md"
    page.write_text("Before the title.\n\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    document, html_text = product(book, "en")
    assert Parts.of(html_text, "en") is None
    layouts = Layouts()
    assert in_parts(layouts, tmp_path, book, document, html_text) == whole(tmp_path, book, document, html_text)
    assert layouts.laid_out == 0 and document.output not in layouts.products


def test_only_the_last_few_products_are_kept(book, tmp_path):
    layouts = Layouts(keep=2)
    for lang in ("en", "hi", "bn"):
        in_parts(layouts, tmp_path, book, *product(book, lang))
    assert list(layouts.products) == ["pdf/hi/sop.pdf", "pdf/bn/sop.pdf"]


def test_a_keeper_makes_the_same_pdfs_and_outlives_its_process(book, tmp_path):
    """Beside the workers, in a process of its own, replaced if it dies."""
    project = load_project(book)
    documents = plan(project)
    assert build(project, tmp_path / "first", documents, jobs=2) == []
    keeper = Keeper()
    keeper.start()
    try:
        for turn in range(2):
            edit(book, "bn", "statements.md", f"\nআরও একটি বাক্য {turn}।\n")
            project = load_project(book)
            stats: dict = {}
            assert build(project, tmp_path / f"kept{turn}", plan(project), jobs=2, stats=stats, keeper=keeper) == []
            assert (stats["rendered"], stats["kept"]) == (2, 1)  # the chapter in a worker, the product kept
            assert keeper.holds == {"pdf/bn/sop.pdf"}
            if turn == 0:
                os.kill(keeper._process.pid, signal.SIGKILL)
                keeper._process.join()
        document = next(d for d in plan(project, langs=["bn"]) if d.whole)
        html_text = document_html(document, project, build_date(document.pages, Sources(project)))
        assert (tmp_path / "kept1" / document.output).read_bytes() == whole(tmp_path, book, document, html_text)
    finally:
        keeper.close()
    assert keeper._process is None



def test_watching_builds_again_after_each_change_with_the_products_layouts_kept(tmp_path):
    """``kp site --watch``: built, built again after each edit, not after its own writes;
    the whole product rendered where layouts are kept is the product ``kp pdf`` makes."""
    root = make_corpus(tmp_path / "corpus", 10)
    process = subprocess.Popen(
        [sys.executable, "-m", "kp.cli", "site", "--watch", "--no-strict", "--no-offline", "--project", str(root)],
        cwd=root, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, encoding="utf-8",
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr], daemon=True).start()

    def build_done(timeout=300) -> list[str]:
        seen = []
        while True:
            line = lines.get(timeout=timeout)
            seen.append(line)
            if line.startswith("kp site: built") or line.startswith("kp site: failed"):
                assert line.startswith("kp site: built"), "".join(seen)
                return seen

    try:
        build_done()
        chapter = root / "docs/en/product-001/ch0001.md"
        for turn in range(2):
            chapter.write_text(chapter.read_text(encoding="utf-8") + f"\nThe memo is signed at the site, turn {turn}.\n",
                               encoding="utf-8")
            seen = build_done()
            assert any("2 rendered (the others unchanged), 1 of them where layouts are kept" in line for line in seen), seen
        with pytest.raises(queue.Empty):
            lines.get(timeout=3)  # its own writes do not start another build
        done = subprocess.run([sys.executable, "-m", "kp.cli", "pdf", "--out", str(tmp_path / "fresh"), "--lang", "en",
                               "--document", "product-001", "--project", str(root)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        published = (root / "site/pdf/en/product-001.pdf").read_bytes()
        assert b"turn 1" in subprocess.run(["pdftotext", str(root / "site/pdf/en/product-001.pdf"), "-"],
                                           capture_output=True, check=True).stdout
        assert published == (tmp_path / "fresh/pdf/en/product-001.pdf").read_bytes()
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
