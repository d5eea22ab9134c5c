"""The trilingual site: built aside and published whole, with nothing loaded from outside hosts."""

import html
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

EXTERNAL = re.compile(
    r"""<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=["'](?:https?:)?//"""
    r"""|<link\b[^>]*\bhref=["'](?:https?:)?//"""
    r"""|@import\s+(?:url\()?["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//""",
    re.I,
)


def copy_project(target: Path) -> Path:
    for name in ("docs", "mkdocs.yml", "glossary.yml", "legal_refs.yml", "pyproject.toml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    return target


def build(root: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kp.cli", "site", "--project", str(root), *extra],
        cwd=root, capture_output=True, text=True,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("site"))
    done = build(root)
    assert done.returncode == 0, done.stderr
    return root


def test_each_language_at_its_own_root(built):
    site = built / "site"
    for page, lang in (("index.html", "en"), ("hi/index.html", "hi"), ("bn/index.html", "bn")):
        html = (site / page).read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html


def test_language_names_and_site_names_in_their_own_scripts(built):
    site = built / "site"
    hindi = (site / "hi/index.html").read_text(encoding="utf-8")
    bengali = (site / "bn/index.html").read_text(encoding="utf-8")
    for html in (hindi, bengali):
        assert "हिन्दी" in html and "বাংলা" in html and "English" in html
    assert "मानव दुर्व्यापार के विरुद्ध ज्ञान सामग्री" in hindi
    assert "মানব পাচার প্রতিরোধে জ্ঞানসম্পদ" in bengali


def test_nothing_is_loaded_from_another_host(built):
    offenders = []
    for path in (built / "site").rglob("*"):
        if path.suffix in {".html", ".css", ".js"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in EXTERNAL.finditer(text):
                offenders.append(f"{path.name}: {text[match.start():match.start() + 80]}")
    assert offenders == []


def test_a_failed_build_keeps_the_last_good_site(built):
    before = (built / "site/index.html").read_text(encoding="utf-8")
    broken = built / "docs/en/broken.md"
    broken.write_text("# Broken\n\nSee [nowhere](missing.md).\n", encoding="utf-8")
    try:
        done = build(built)
    finally:
        broken.unlink()
    assert done.returncode != 0
    assert (built / "site/index.html").read_text(encoding="utf-8") == before
    assert not (built / "site/broken/index.html").exists()
    assert len([p for p in (built / ".kp-build").iterdir() if not p.name.startswith("trash-")]) == 1


def test_a_killed_build_keeps_the_last_good_site(built):
    before = (built / "site/index.html").read_text(encoding="utf-8")
    for delay in (0.3, 0.8, 1.5, 2.5):
        process = subprocess.Popen(
            [sys.executable, "-m", "kp.cli", "site", "--project", str(built)],
            cwd=built, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        index = built / "site/index.html"
        assert index.is_file()
        assert index.read_text(encoding="utf-8") == before
        assert (built / "site/hi/index.html").is_file() and (built / "site/bn/index.html").is_file()


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs util-linux unshare")
def test_builds_with_no_network(tmp_path):
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("network namespaces are not available here")
    root = copy_project(tmp_path)
    done = subprocess.run(
        ["unshare", "-rn", sys.executable, "-m", "kp.cli", "site", "--project", str(root)],
        cwd=root, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (root / "site/index.html").is_file()


def test_not_found_page_in_each_language(built):
    for prefix, lang, text in (("", "en", "Page not found"), ("hi/", "hi", "पृष्ठ नहीं मिला"), ("bn/", "bn", "পৃষ্ঠাটি পাওয়া যায়নি")):
        path = built / "site" / prefix / "404.html"
        page = path.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in page and text in page
        # Relative to the language's home, below a base the page finds from its address
        # (test_browser serves it at any depth, below a path too).
        assert 'href=\\"../assets/' in page if prefix else 'href=\\"assets/' in page
        assert not re.search(r'(?:href|src)=\\?"/', page)
        assert stat.S_IMODE(path.stat().st_mode) == 0o644  # as every other file: a server must read it


def test_no_sitemap_without_the_address_of_the_site(built):
    assert not (built / "site/sitemap.xml").exists() and not (built / "site/sitemap.xml.gz").exists()


def test_document_control_block_on_the_page(built):
    page = (built / "site/hi/sop/index.html").read_text(encoding="utf-8")
    block = page.split('<table class="kp-document-control">', 1)[1].split("</table>", 1)[0]
    assert "SOP-AHT-01" in block and "प्रभावी तिथि" in block and "२०२६-१२-०१" in block


def test_pdfs_and_offline_copy_are_published_and_linked(built):
    site = built / "site"
    assert (site / "pdf/hi/sop.pdf").is_file() and (site / "pdf/bn/handouts/rescue-checklist-bilingual.pdf").is_file()
    assert (site / "offline/knowledge-products-offline.zip").is_file()
    chapter = (site / "hi/sop/rescue/index.html").read_text(encoding="utf-8")
    assert 'href="../../../pdf/hi/sop/rescue.pdf"' in chapter and 'href="../../../pdf/hi/sop.pdf"' in chapter


def test_search_index_per_language(built):
    import json

    def load(path):
        text = path.read_text(encoding="utf-8")
        return json.loads(text[len("window.kpSearchIndex="):].rstrip().rstrip(";"))

    english, bengali = load(built / "site/kp-search.js"), load(built / "site/bn/kp-search.js")
    assert all(not doc[0].startswith(("hi/", "bn/")) for doc in english["docs"])
    assert all(doc[0].startswith("bn/") for doc in bengali["docs"])
    assert "পাচার" in bengali["words"] and "370" in bengali["words"]


def test_a_page_carries_its_own_part_of_the_navigation(built):
    """Each page lists the pages of its own group, and the other groups by one link each,
    so that a page's size does not grow with the whole library."""
    for prefix in ("", "hi/", "bn/"):
        rescue = (built / "site" / prefix / "sop/rescue/index.html").read_text(encoding="utf-8")
        assert 'href="../fir/"' in rescue  # a page of the same group
        assert 'href="../../manual/"' in rescue  # another group, by its first page
        assert "manual/ahtu/" not in rescue  # and none of that group's other pages


def test_table_of_cases_in_each_language_linked_from_where_a_judgment_is_cited(built):
    site = built / "site"
    for prefix, header in (("", "Table of cases"), ("hi/", "मामलों की तालिका"), ("bn/", "মামলার সারণি")):
        table = (site / f"{prefix}compendium/cases/index.html").read_text(encoding="utf-8")
        assert header in table and 'id="budhadev-karmaskar-2022"' in table and 'id="vishal-jeet-1990"' in table
        assert 'href="../../sop/rescue/"' in table  # cited on the rescue SOP
        rescue = (site / f"{prefix}sop/rescue/index.html").read_text(encoding="utf-8")
        link = re.search(r'<a href="([^"]*compendium/cases/)#budhadev-karmaskar-2022"><abbr class="kp-case"', rescue)
        assert link and link.group(1) == "../../compendium/cases/"


LINK = re.compile(r'<(?:a|link|script|img|source)\b[^>]*?\s(?:href|src)="([^"]*)"')


def test_the_offline_copy_holds_every_file_it_links_to_and_the_pdfs(built, tmp_path):
    """Unzipped, every link of every page opens a file of the copy: pages, assets, PDFs."""
    with zipfile.ZipFile(built / "site/offline/knowledge-products-offline.zip") as archive:
        archive.extractall(tmp_path)
    copy = tmp_path / "knowledge-products-offline"
    pdfs = sorted(p.relative_to(built / "site").as_posix() for p in (built / "site/pdf").rglob("*.pdf"))
    assert pdfs and all((copy / pdf).is_file() for pdf in pdfs)
    dangling, checked = [], 0
    for page in copy.rglob("*.html"):
        for value in LINK.findall(page.read_text(encoding="utf-8")):
            value = html.unescape(value)
            if not value or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^#", value):
                continue
            target = (page.parent / value.split("#")[0].split("?")[0]).resolve()
            checked += 1
            if not target.is_file() or copy.resolve() not in target.parents:
                dangling.append(f"{page.relative_to(copy)}: {value}")
    assert checked > 1000 and dangling == []
    home = (copy / "hi/sop/rescue/index.html").read_text(encoding="utf-8")
    assert 'href="../../../pdf/hi/sop/rescue.pdf"' in home
