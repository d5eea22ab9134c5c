"""PDFs as a trainer and an officer get them: text that copies back exactly, fonts embedded,
no missing glyphs, bookmarks, reproducible bytes, nothing fetched from outside."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, run_kp
from kp.expiry import UseLog
from kp.pdf import Document, PdfError, build, document_html, plan, render
from kp.project import load_project

pytestmark = pytest.mark.slow

HINDI = "मानव दुर्व्यापार विरोधी इकाई ने अनैतिक व्यापार (निवारण) अधिनियम की धारा १५ के अधीन कार्रवाई की।"
BENGALI = "প্রতিরোধ ও সুরক্ষার জন্য শিশু কল্যাণ কমিটি ভারতীয় দণ্ডবিধির ধারা ৩৭০ দেখবে।"


def pdftotext(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def book(make_project):
    root = make_project({
        "docs/en/sop/index.md": "---\ntitle: SOP\ndocument:\n  number: SOP-1\n  version: '1.0'\n  effective: 2026-12-01\n---\n# SOP { #sop }\n\nAbout.\n",
        "docs/en/sop/rescue.md": "# Rescue { #rescue }\n\n## Plan { #plan }\n\nPlan it. See [the SOP](index.md).\n",
        "docs/hi/sop/index.md": f"---\ntitle: एसओपी\n---\n# एसओपी {{ #sop }}\n\n{HINDI}\n",
        "docs/hi/sop/rescue.md": f"# बचाव {{ #rescue }}\n\n## योजना {{ #plan }}\n\n{HINDI}\n",
        "docs/bn/sop/index.md": f"---\ntitle: এসওপি\n---\n# এসওপি {{ #sop }}\n\n{BENGALI}\n",
        "docs/bn/sop/rescue.md": f"# উদ্ধার {{ #rescue }}\n\n## পরিকল্পনা {{ #plan }}\n\n{BENGALI}\n",
    })
    (root / "mkdocs.yml").write_text("nav:\n  - SOP:\n      - sop/index.md\n      - sop/rescue.md\n", encoding="utf-8")
    return root


def render_one(tmp_path, project, lang, pages, whole=False, name="out.pdf"):
    document = Document(lang, "sop", "x", pages, name, whole=whole)
    output = tmp_path / name
    render(document_html(document, project, "2026-12-01"), output, pages[0].parent, project.root, name)
    return output


@pytest.mark.parametrize("lang, text", [("hi", HINDI), ("bn", BENGALI)])
def test_copied_text_is_the_written_text(book, tmp_path, lang, text):
    project = load_project(book)
    output = render_one(tmp_path, project, lang, [book / f"docs/{lang}/sop/rescue.md"])
    assert squash(text) in squash(pdftotext(output))


def test_fonts_are_embedded_and_subset(book, tmp_path):
    project = load_project(book)
    output = render_one(tmp_path, project, "hi", [book / "docs/hi/sop/rescue.md"])
    fonts = subprocess.run(["pdffonts", str(output)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and any("Devanagari" in line for line in fonts)
    for line in fonts:
        embedded, subset = line.split()[-5], line.split()[-4]
        assert (embedded, subset) == ("yes", "yes"), line
        assert "+" in line.split()[0]


def test_a_character_without_a_glyph_fails_with_its_name_and_page(book, tmp_path):
    project = load_project(book)
    page = book / "docs/en/sop/odd.md"
    page.write_text("# Odd\n\nA private character \U000f0001 here.\n", encoding="utf-8")
    with pytest.raises(PdfError) as error:
        render_one(tmp_path, project, "en", [page], name="odd.pdf")
    assert "U+F0001" in str(error.value) and "page 1" in str(error.value) and "odd.pdf" in str(error.value)
    assert not (tmp_path / "odd.pdf").exists()


def bookmarks(outline):
    """Every bookmark of a pypdf outline, nested ones in place."""
    for item in outline:
        if isinstance(item, list):
            yield from bookmarks(item)
        else:
            yield item


def test_bookmarks_follow_the_table_of_contents(book, tmp_path):
    project = load_project(book)
    output = render_one(tmp_path, project, "en", [book / "docs/en/sop/index.md", book / "docs/en/sop/rescue.md"], whole=True)
    reader = PdfReader(str(output))
    marks = [item.title for item in bookmarks(reader.outline)]
    text = squash(pdftotext(output))
    toc = text.split("Contents", 1)[1]
    assert marks == ["Contents", "SOP", "Rescue", "Plan", "Glossary"]
    for mark in ("SOP", "Rescue", "Plan"):
        assert mark in toc
    assert "SOP-1" in text


def test_contents_give_the_page_each_heading_is_on(book, tmp_path):
    """Every line of the contents ends in the number of the page its heading is on."""
    project = load_project(book)
    output = render_one(tmp_path, project, "en", [book / "docs/en/sop/index.md", book / "docs/en/sop/rescue.md"], whole=True)
    reader = PdfReader(str(output))
    pages = {item.title: reader.get_destination_page_number(item) + 1 for item in bookmarks(reader.outline)}
    contents = squash(pdftotext(output).split("Contents", 1)[1].split("\f", 1)[0])
    assert pages["Rescue"] > pages["SOP"] > 2
    for title in ("SOP", "Rescue", "Plan"):
        assert re.search(rf"\b{title}[ .]*{pages[title]}\b", contents), (title, pages[title], contents)


def test_two_builds_are_byte_identical(book, tmp_path):
    project = load_project(book)
    first = render_one(tmp_path, project, "bn", [book / "docs/bn/sop/rescue.md"], name="a.pdf")
    second = render_one(tmp_path, project, "bn", [book / "docs/bn/sop/rescue.md"], name="b.pdf")
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("target, message", [
    ("https://example.org/logo.png", "image.pdf: https://example.org/logo.png is outside the project;"),
    ("../assets/flow.png", "image.pdf: the picture docs/en/assets/flow.png does not exist (kp check names the page that shows it)"),
])
def test_a_picture_that_cannot_be_shown_is_a_clear_error(book, tmp_path, target, message):
    project = load_project(book)
    page = book / "docs/en/sop/image.md"
    page.write_text(f"# Image\n\n![The flow]({target})\n", encoding="utf-8")
    with pytest.raises(PdfError) as error:
        render_one(tmp_path, project, "en", [page], name="image.pdf")
    assert str(error.value).startswith(message)


def test_native_page_numbers_in_hindi(book, tmp_path):
    project = load_project(book)
    output = render_one(tmp_path, project, "hi", [book / "docs/hi/sop/index.md", book / "docs/hi/sop/rescue.md"], whole=True)
    text = pdftotext(output)
    assert "२" in text  # the page number of the second page, in Devanagari digits


def test_plan_and_cache(book, tmp_path):
    project = load_project(book)
    documents = plan(project)
    outputs = sorted(d.output for d in documents)
    assert "pdf/hi/sop.pdf" in outputs and "pdf/bn/sop/rescue.pdf" in outputs and "pdf/en/sop/index.pdf" in outputs
    assert build(project, tmp_path / "one", documents, jobs=2) == []
    assert build(project, tmp_path / "two", documents, jobs=2) == []  # from the cache
    for document in documents:
        assert (tmp_path / "one" / document.output).read_bytes() == (tmp_path / "two" / document.output).read_bytes()
    cache = book / project.settings.cache_dir / "pdf"
    used = json.loads((cache / UseLog.NAME).read_text(encoding="utf-8"))["used"]
    assert sorted(used) == sorted(p.stem for p in cache.glob("*.pdf")) and len(used) == len(documents)


def test_kp_pdf_command_a5(book, tmp_path):
    done = run_kp("pdf", "--out", str(tmp_path / "out"), "--paper", "A5", "--lang", "bn", "--document", "sop/rescue", cwd=book)
    assert done.returncode == 0, done.stderr
    reader = PdfReader(str(tmp_path / "out/pdf/bn/sop/rescue.pdf"))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (420, 595)


def test_an_edit_renders_only_the_pdfs_that_hold_the_page(book, tmp_path):
    project = load_project(book)
    documents = plan(project, langs=["en"])
    assert build(project, tmp_path / "one", documents, jobs=2) == []
    cache = book / project.settings.cache_dir / "pdf"
    before = set(cache.glob("*.pdf"))
    page = book / "docs/en/sop/rescue.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nThe team leader signs the memo at the site.\n", encoding="utf-8")
    project = load_project(book)
    assert build(project, tmp_path / "two", plan(project, langs=["en"]), jobs=2) == []
    assert len(set(cache.glob("*.pdf")) - before) == 2  # the chapter and the whole SOP
    for document in documents:
        same = (tmp_path / "one" / document.output).read_bytes() == (tmp_path / "two" / document.output).read_bytes()
        assert same == (document.output not in ("pdf/en/sop.pdf", "pdf/en/sop/rescue.pdf")), document.output


def test_pdfs_follow_only_what_they_print(book, tmp_path):
    """A registry edit changes no PDF; a glossary edit changes the whole products (their appendix)."""
    project = load_project(book)
    assert build(project, tmp_path / "one", plan(project), jobs=2) == []
    with open(book / "legal_refs.yml", "a", encoding="utf-8") as registry:
        registry.write("\n# reviewed again\n")
    stats: dict = {}
    project = load_project(book)
    assert build(project, tmp_path / "two", plan(project), jobs=2, stats=stats) == [] and stats["rendered"] == 0
    with open(book / "glossary.yml", "a", encoding="utf-8") as glossary:
        glossary.write("\n# reviewed again\n")
    project = load_project(book)
    documents = plan(project)
    assert build(project, tmp_path / "three", documents, jobs=2, stats=stats) == []
    assert stats["rendered"] == sum(d.whole for d in documents) == 3


def test_a_worker_that_did_not_inherit_the_project_loads_it(book, tmp_path, monkeypatch):
    """Where workers are not forked (no fork on the platform), each reads the project itself."""
    from kp import pdf

    monkeypatch.setattr(pdf, "_WORKER_PROJECT", None)  # and put back after the test
    document = Document("hi", "sop", "rescue", [book / "docs/hi/sop/rescue.md"], "pdf/hi/sop/rescue.pdf")
    name, pages, error = pdf.render_job((document, "2026-12-01", str(tmp_path / "out.pdf"), str(book)))
    assert (name, pages, error) == ("pdf/hi/sop/rescue.pdf", 1, None)
    assert squash(HINDI) in squash(pdftotext(tmp_path / "out.pdf"))


def test_workers_are_replaced_in_batches_and_every_document_is_made(book, tmp_path, monkeypatch):
    """With fresh workers after every document, each PDF is still made once, as without."""
    from kp import pdf

    project = load_project(book)
    documents = plan(project)
    assert build(project, tmp_path / "whole", documents, jobs=2) == []
    monkeypatch.setattr(pdf, "WORKER_DOCUMENTS", 1)
    shutil.rmtree(project.root / project.settings.cache_dir / "pdf")
    stats = {}
    assert build(project, tmp_path / "batched", documents, jobs=2, stats=stats) == []
    assert stats["rendered"] == len(documents) > 2
    for document in documents:
        assert (tmp_path / "batched" / document.output).read_bytes() == (tmp_path / "whole" / document.output).read_bytes()


def test_an_image_from_another_folder_is_part_of_the_pdfs_that_show_it(book, tmp_path):
    """A PDF is made again when an image it shows changes, wherever in the project the image is."""
    picture = book / "docs/en/assets/flow.svg"
    picture.parent.mkdir(parents=True)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="{}"/></svg>'
    picture.write_text(svg.format("blue"), encoding="utf-8")
    page = book / "docs/en/sop/rescue.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![The referral flow](../assets/flow.svg)\n", encoding="utf-8")
    project = load_project(book)
    documents = plan(project, langs=["en"])
    assert build(project, tmp_path / "one", documents, jobs=2) == []
    picture.write_text(svg.format("red").replace('width="40"', 'width="60"', 1), encoding="utf-8")
    stats: dict = {}
    assert build(project, tmp_path / "two", plan(project, langs=["en"]), jobs=2, stats=stats) == []
    assert stats["rendered"] == 2  # the chapter and the whole SOP; not the SOP's index page
    assert (tmp_path / "one/pdf/en/sop/index.pdf").read_bytes() == (tmp_path / "two/pdf/en/sop/index.pdf").read_bytes()


def test_an_updated_font_makes_the_pdfs_again(book, tmp_path, monkeypatch):
    """The PDFs follow the installed fonts: an updated font draws them again, an unchanged one does not."""
    from kp import pdf

    fonts = tmp_path / "fonts"
    font = fonts / "noto" / "NotoSansDevanagari-Regular.ttf"
    font.parent.mkdir(parents=True)
    font.write_bytes(b"version 1")
    monkeypatch.setattr(pdf, "FONT_FOLDERS", (*pdf.FONT_FOLDERS, str(fonts)))
    project = load_project(book)
    documents = plan(project, langs=["hi"])
    stats: dict = {}
    assert build(project, tmp_path / "one", documents, jobs=2) == []
    assert build(project, tmp_path / "two", documents, jobs=2, stats=stats) == [] and stats["rendered"] == 0
    font.write_bytes(b"version 2, with a fixed conjunct")
    assert build(project, tmp_path / "three", documents, jobs=2, stats=stats) == []
    assert stats["rendered"] == len(documents)


def handout_with_a_picture(root: Path) -> None:
    """An English handout showing a picture from its own folder, and its Hindi translation."""
    from PIL import Image

    (root / "docs/en/handouts").mkdir(parents=True)
    (root / "docs/hi/handouts").mkdir(parents=True)
    Image.new("RGB", (30, 20), "red").save(root / "docs/en/handouts/flow.png")
    (root / "docs/en/handouts/check.md").write_text(
        "# Checklist { #checklist }\n\n![The referral flow](flow.png)\n\n<img src='flow.png' alt='Again, in raw HTML'>\n",
        encoding="utf-8",
    )
    (root / "docs/hi/handouts/check.md").write_text(f"# जाँच सूची {{ #checklist }}\n\n{HINDI}\n", encoding="utf-8")


def drawn_images(path: Path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return len(listing.splitlines()) - 2


def test_a_bilingual_handout_shows_the_english_pages_pictures(book, tmp_path):
    """The English side's pictures come from the English folder, not from the translation's."""
    handout_with_a_picture(book)
    project = load_project(book)
    documents = plan(project, only="handouts")
    assert "pdf/hi/handouts/check-bilingual.pdf" in {d.output for d in documents}
    assert build(project, tmp_path, documents, jobs=2) == []
    assert drawn_images(tmp_path / "pdf/hi/handouts/check-bilingual.pdf") == 2  # the Markdown picture and the raw HTML one
    assert drawn_images(tmp_path / "pdf/en/handouts/check.pdf") == 2
    assert drawn_images(tmp_path / "pdf/hi/handouts/check.pdf") == 0


def test_the_same_sources_give_the_same_bytes_wherever_the_project_is(book, tmp_path):
    """Pictures are named in a PDF after their URL: a path in the project's folder, not on disk."""
    handout_with_a_picture(book)
    elsewhere = shutil.copytree(book, tmp_path / "another" / "checkout")
    for root, out in ((book, tmp_path / "one"), (elsewhere, tmp_path / "two")):
        project = load_project(root)
        assert build(project, out, plan(project, only="handouts"), jobs=2) == []
    for name in ("pdf/en/handouts/check.pdf", "pdf/en/handouts.pdf", "pdf/hi/handouts/check-bilingual.pdf"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_pdfs_render_markdown_with_the_websites_extensions():
    """An extension added to mkdocs.yml must be added to the PDFs too (or the two differ)."""
    import yaml

    from kp.pdf import EXTENSIONS, _IgnoreTags

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    names = [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]
    assert sorted(names) == sorted(EXTENSIONS)


def test_a_translation_shows_the_source_languages_picture_where_it_has_none(book, tmp_path):
    """As on the website: the Hindi page's flow.png is the English one, and follows its changes."""
    from PIL import Image

    handout_with_a_picture(book)
    hindi = book / "docs/hi/handouts/check.md"
    hindi.write_text(hindi.read_text(encoding="utf-8") + "\n![प्रवाह](flow.png)\n", encoding="utf-8")
    project = load_project(book)
    assert build(project, tmp_path / "one", plan(project, langs=["hi"], only="handouts/check"), jobs=2) == []
    assert drawn_images(tmp_path / "one/pdf/hi/handouts/check.pdf") == 1
    Image.new("RGB", (60, 20), "blue").save(book / "docs/en/handouts/flow.png")
    stats: dict = {}
    assert build(project, tmp_path / "two", plan(project, langs=["hi"], only="handouts/check"), jobs=2, stats=stats) == []
    assert stats["rendered"] == 1


def test_a_pdfs_date_is_the_latest_its_pages_give(book, monkeypatch):
    from kp.pdf import Sources, build_date

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    sources = Sources(load_project(book))
    index, rescue = book / "docs/en/sop/index.md", book / "docs/en/sop/rescue.md"
    assert build_date([index, rescue], sources) == "2026-12-01"  # document.effective
    assert build_date([rescue], sources) == ""  # no date: none is made up
    rescue.write_text("---\n'date': 2027-01-15\n---\n# Rescue\n", encoding="utf-8")
    assert build_date([index, rescue], Sources(load_project(book))) == "2027-01-15"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert build_date([index, rescue], sources) == "2026-01-01"


# --- importing WeasyPrint ------------------------------------------------------------------

WEASYPRINTS_LIBRARIES = ["gobject-2.0", "pango-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig", "pangoft2-1.0",
                         "libpango-1.0-0", "harfbuzz-vector", "c"]
"""Names WeasyPrint asks for, found and not found here, and one every machine has."""


def _fresh_python(script: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)


def test_the_linkers_list_gives_what_ctypes_would_find():
    import ctypes.util

    from kp.pdf import LDCONFIG, linker_lookup

    find_library = linker_lookup(subprocess.run([LDCONFIG, "-p"], capture_output=True, text=True, check=True).stdout)
    assert [find_library(name) for name in WEASYPRINTS_LIBRARIES] == [
        ctypes.util.find_library(name) for name in WEASYPRINTS_LIBRARIES
    ]
    assert find_library("c") and find_library("pango-1.0")


def test_weasyprint_is_imported_without_running_a_compiler():
    """One reading of ldconfig's list instead of ldconfig, gcc and ld for each name WeasyPrint tries."""
    done = _fresh_python(
        "import json, subprocess\n"
        "started = []\n"
        "class Recorded(subprocess.Popen):\n"
        "    def __init__(self, args, *rest, **options):\n"
        "        started.append(args[0] if isinstance(args, (list, tuple)) else args)\n"
        "        super().__init__(args, *rest, **options)\n"
        "subprocess.Popen = Recorded\n"
        "from kp.pdf import import_weasyprint\n"
        "weasyprint = import_weasyprint()\n"
        "weasyprint.HTML(string='<p>x</p>').write_pdf()\n"
        "print(json.dumps(started))\n"
    )
    assert json.loads(done.stdout.splitlines()[-1]) == ["/sbin/ldconfig"]


def test_weasyprint_is_imported_the_usual_way_where_the_list_falls_short():
    """A library the list does not lead to (here, a first import that fails) is looked for again."""
    done = _fresh_python(
        "import importlib.abc, sys\n"
        "class FailOnce(importlib.abc.MetaPathFinder):\n"
        "    failed = False\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name == 'weasyprint.text.ffi' and not FailOnce.failed:\n"
        "            FailOnce.failed = True\n"
        "            raise OSError(\"cannot load library 'libpango-1.0-0'\")\n"
        "sys.meta_path.insert(0, FailOnce())\n"
        "from kp.pdf import import_weasyprint\n"
        "weasyprint = import_weasyprint()\n"
        "print(FailOnce.failed, len(weasyprint.HTML(string='<p>x</p>').write_pdf()) > 0)\n"
    )
    assert done.stdout.split() == ["True", "True"]
    done = _fresh_python(
        "import kp.pdf\n"
        "kp.pdf.LDCONFIG = '/nonexistent/ldconfig'\n"
        "print(kp.pdf.import_weasyprint().__name__)\n"
    )
    assert done.stdout.split() == ["weasyprint"]
