"""The offline copy: folder links made to open from files, and a valid, reproducible zip."""

import zipfile

import pytest

from kp.offline import NAME, offline_html, write_offline_zip
from kp.publish import relative_alternates


@pytest.mark.parametrize(
    "before, after",
    [
        ('<a href="../fir/">', '<a href="../fir/index.html">'),
        ('<a href="../fir/#steps">', '<a href="../fir/index.html#steps">'),
        ('<a href="..">', '<a href="../index.html">'),
        ('<a href=".">', '<a href="./index.html">'),
        ('<a href="../..">', '<a href="../../index.html">'),
        ('<a href="./">', '<a href="./index.html">'),
        ('<a href="hi/sop/rescue/?q=1">', '<a href="hi/sop/rescue/index.html?q=1">'),
        ('<link href="../assets/kp/kp.css">', '<link href="../assets/kp/kp.css">'),
        ('<a href="#steps">', '<a href="#steps">'),
        ('<a href="https://example.org/">', '<a href="https://example.org/">'),
        ('<a href="/sop/">', '<a href="/sop/">'),
        ('<a href="../../pdf/hi/sop.pdf" download>', '<a href="../../pdf/hi/sop.pdf" download>'),
        ('<img src="../images/map.png">', '<img src="../images/map.png">'),
    ],
)
def test_folder_links_point_at_their_index(before, after):
    assert offline_html(before) == after


def site(tmp_path):
    root = tmp_path / "site"
    pages = {
        "index.html": '<a href="sop/">SOP</a>',
        "sop/index.html": '<a href="..">Home</a> <a href="../hi/sop/">हिन्दी</a>',
        "hi/sop/index.html": "<p>धारा ३७०</p>",
        "assets/kp/kp.js": "var a = 1;",
        "pdf/en/sop.pdf": "%PDF-1.7",
        "offline/old.zip": "old",
        ".kp-languages.json": "{}",
    }
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_zip_is_valid_reproducible_and_reuses_its_pieces(tmp_path):
    root = site(tmp_path)
    cache = tmp_path / "cache"
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert write_offline_zip(root, first, cache) == 4
    pieces = sorted(p for p in cache.rglob("*") if p.is_file())
    assert write_offline_zip(root, second, cache) == 4
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p for p in cache.rglob("*") if p.is_file()) == pieces
    with zipfile.ZipFile(first) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == sorted(names) and all(n.startswith(f"{NAME}/") for n in names)
        # The PDFs, the zip itself and the record of the languages' builds stay out.
        assert not any("/pdf/" in n or "/offline/" in n or n.endswith(".kp-languages.json") for n in names)
        assert archive.read(f"{NAME}/sop/index.html").decode() == '<a href="../index.html">Home</a> <a href="../hi/sop/index.html">हिन्दी</a>'
        assert archive.read(f"{NAME}/hi/sop/index.html").decode() == "<p>धारा ३७०</p>"
        assert archive.getinfo(f"{NAME}/index.html").date_time == (2024, 7, 1, 0, 0, 0)


def test_a_changed_page_is_compressed_again_and_old_pieces_go(tmp_path):
    root = site(tmp_path)
    cache = tmp_path / "cache"
    write_offline_zip(root, tmp_path / "a.zip", cache)
    before = {p.name for p in cache.rglob("*") if p.is_file()}
    (root / "hi/sop/index.html").write_text("<p>धारा १४३</p>", encoding="utf-8")
    write_offline_zip(root, tmp_path / "b.zip", cache)
    after = {p.name for p in cache.rglob("*") if p.is_file()}
    assert len(after) == len(before) and len(after - before) == 1
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        assert archive.read(f"{NAME}/hi/sop/index.html").decode() == "<p>धारा १४३</p>"


@pytest.mark.parametrize(
    "url, before, after",
    [
        ("", '<a href="/hi/" hreflang="hi" class="md-select__link">', '<a href="./hi/" hreflang="hi" class="md-select__link">'),
        ("hi/", '<a href="/" hreflang="en">', '<a href="../" hreflang="en">'),
        ("sop/rescue/", '<a href="../../hi/sop/rescue/" hreflang="hi">', '<a href="../../hi/sop/rescue/" hreflang="hi">'),
        ("", '<a href="/sop/">', '<a href="/sop/">'),
    ],
)
def test_language_links_are_relative(url, before, after):
    assert relative_alternates(before, url) == after


def test_pieces_made_by_another_version_of_kp_are_not_used(tmp_path):
    root = site(tmp_path)
    cache = tmp_path / "cache"
    write_offline_zip(root, tmp_path / "a.zip", cache, version="kp one")
    before = {p.name for p in cache.glob("*/*")}
    write_offline_zip(root, tmp_path / "b.zip", cache, version="kp two")  # the pages' files unchanged
    after = {p.name for p in cache.glob("*/*")}
    assert before and after and before.isdisjoint(after)  # all compressed again, the old ones gone
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
