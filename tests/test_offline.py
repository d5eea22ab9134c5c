"""The offline copy: folder links made to open from files, and a valid, reproducible zip."""

import json
import stat
import zipfile

import pytest

from kp.offline import NAME, offline_html, write_offline_zip
from kp.publish import relative_alternates, site_page


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
        # What the copy lacks is not linked: the copy itself, the web app manifest.
        ('<p class="kp-downloads"><a href="offline/knowledge-products-offline.zip" download>Offline</a></p>\n<h1>',
         "<h1>"),
        ('<link rel="manifest" href="../hi/manifest.webmanifest">\n<meta name="kp-offline" content="hi">',
         '<meta name="kp-offline" content="hi">'),
        ('<p class="kp-downloads"><a href="../../../pdf/hi/sop/fir.pdf" download>PDF</a></p>',
         '<p class="kp-downloads"><a href="../../../pdf/hi/sop/fir.pdf" download>PDF</a></p>'),
    ],
)
def test_folder_links_point_at_their_index(before, after):
    assert offline_html(before) == after


def test_without_pdfs_their_links_go_and_the_others_stay():
    page = ('<p class="kp-downloads"><a href="../../pdf/bn/sop/fir.pdf" download>PDF</a> · '
            '<a href="../../pdf/bn/sop.pdf" download>SOP</a></p>\n<p><a href="../rescue/">উদ্ধার</a></p>')
    assert offline_html(page, pdfs=False) == '<p><a href="../rescue/index.html">উদ্ধার</a></p>'


def write_files(root, files: dict[str, str]):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


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
    return write_files(root, pages)


def test_zip_is_valid_reproducible_and_reuses_its_pieces(tmp_path):
    root = site(tmp_path)
    cache = tmp_path / "cache"
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert write_offline_zip(root, first, cache) == 5
    pieces = sorted(p for p in cache.rglob("*") if p.is_file())
    assert write_offline_zip(root, second, cache) == 5
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p for p in cache.rglob("*") if p.is_file()) == pieces
    with zipfile.ZipFile(first) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == sorted(names) and all(n.startswith(f"{NAME}/") for n in names)
        # The PDFs go in; the zip itself and the record of the languages' builds stay out.
        assert f"{NAME}/pdf/en/sop.pdf" in names
        assert not any("/offline/" in n or n.endswith(".kp-languages.json") for n in names)
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


HEAD = """<link rel="next" href="../rescue/">
    <link rel="alternate" href="../../../sop/fir/" hreflang="en">
    <link rel="alternate" href="./" hreflang="hi">
    <link rel="alternate" type="application/rss+xml" title="RSS" href="feed.xml">
"""
SWITCH = """<a href="../../../sop/fir/" hreflang="en" class="md-select__link">English</a>
<a href="./" hreflang="hi" class="md-select__link">हिन्दी</a>
<a href="../../../bn/sop/fir/" hreflang="bn" class="md-select__link">বাংলা</a>
<a href="../../../sop/fir/" hreflang="en">the English text</a>"""


@pytest.mark.parametrize("lang, current", [("hi", "हिन्दी"), ("bn", "বাংলা"), ("en", "English")])
def test_a_page_marks_its_language_and_names_no_sitemap_to_fetch(lang, current):
    page = site_page(HEAD + SWITCH, "hi/sop/fir/", lang)
    # Material's script asks for a sitemap.xml beside each head link with a hreflang.
    assert 'hreflang="' not in page.split("<a ", 1)[0]
    assert '<link rel="next" href="../rescue/">' in page and 'type="application/rss+xml"' in page
    marked = [line for line in page.splitlines() if "aria-current" in line]
    assert marked == [line for line in page.splitlines() if line.endswith(f">{current}</a>")]
    assert len(marked) == 1 and 'aria-current="page"' in marked[0]
    assert site_page(page, "hi/sop/fir/", lang) == page  # marked once


def test_pieces_made_by_another_version_of_kp_are_not_used(tmp_path):
    root = site(tmp_path)
    cache = tmp_path / "cache"
    write_offline_zip(root, tmp_path / "a.zip", cache, version="kp one")
    before = {p.name for p in cache.glob("*/*")}
    write_offline_zip(root, tmp_path / "b.zip", cache, version="kp two")  # the pages' files unchanged
    after = {p.name for p in cache.glob("*/*")}
    assert before and after and before.isdisjoint(after)  # all compressed again, the old ones gone
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def built_site(tmp_path):
    """A site as kp builds it: a page per language, shared assets, PDFs, the zip, a 404 page."""
    root = tmp_path / "site"
    chrome = ('<link rel="stylesheet" href="{up}assets/kp/kp.css"><script src="{up}assets/kp/kp.js"></script>'
              '<meta name="kp-search" content="{up}{lang}kp-search.js"><link rel="manifest" href="{up}{lang}manifest.webmanifest">'
              '<div class="md-header__topic"><span class="md-ellipsis">{name}</span></div><link rel="icon" href="{up}assets/images/favicon.png">')
    files = {
        "index.html": chrome.format(up="", lang="", name="Knowledge products") + '<a href="sop/">SOP</a><a href="hi/" hreflang="hi">हिन्दी</a>'
                      '<p class="kp-downloads"><a href="offline/knowledge-products-offline.zip">ZIP</a></p>',
        "sop/index.html": chrome.format(up="../", lang="", name="Knowledge products") + '<a href="../hi/sop/">हिन्दी</a><img src="map.png">',
        "sop/map.png": "png", "sop/unlinked.png": "nobody links me",
        "hi/index.html": chrome.format(up="../", lang="hi/", name="ज्ञान सामग्री") + '<a href="sop/">एसओपी</a><a href="../" hreflang="en">English</a>',
        "hi/sop/index.html": chrome.format(up="../../", lang="hi/", name="ज्ञान सामग्री") + '<a href="../../pdf/hi/sop.pdf" download>PDF</a>'
                             '<a href="#steps">steps</a><a href="https://example.org/">out</a><a href="../missing/">gone</a>',
        "hi/404.html": "<p>नहीं मिला</p>", "404.html": "<p>Not found</p>",
        "assets/kp/kp.css": ".a { background: url('../images/bg.png') } .b { background: url(data:image/png;base64,AA) }",
        "assets/images/bg.png": "bg", "assets/images/favicon.png": "icon", "assets/kp/kp.js": "", "assets/kp/icon.svg": "<svg/>",
        "assets/javascripts/lunr/lunr.hi.js": "not used by any page",
        "kp-search.js": "window.kpSearchIndex={}", "hi/kp-search.js": "window.kpSearchIndex={}",
        "pdf/hi/sop.pdf": "%PDF", "offline/knowledge-products-offline.zip": "PK",
    }
    return write_files(root, files)


def test_each_language_keeps_its_pages_and_what_they_load_and_nothing_else(tmp_path):
    from kp.serviceworker import write_offline_reading

    root = built_site(tmp_path)
    lists = write_offline_reading(root, ["en", "hi", "bn"], "en")
    assert sorted(lists) == ["en", "hi"]  # no Bengali home page: nothing to keep
    assets = {"assets/kp/kp.css", "assets/kp/kp.js", "assets/images/bg.png", "assets/images/favicon.png", "assets/kp/icon.svg"}
    assert set(lists["hi"]["files"]) == assets | {"hi/index.html", "hi/sop/index.html", "hi/kp-search.js", "hi/manifest.webmanifest"}
    assert set(lists["en"]["files"]) == assets | {"index.html", "sop/index.html", "sop/map.png", "kp-search.js", "manifest.webmanifest"}
    on_disk = json.loads((root / "hi/kp-offline.json").read_text(encoding="utf-8"))
    assert on_disk["files"] == lists["hi"]["files"] and on_disk["build"] == lists["hi"]["build"]
    manifest = json.loads((root / "hi/manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "ज्ञान सामग्री" and manifest["lang"] == "hi"
    assert manifest["start_url"] == "./" and manifest["scope"] == "../"
    assert [icon["src"] for icon in manifest["icons"]] == ["../assets/kp/icon.svg", "../assets/images/favicon.png"]
    worker = (root / "kp-sw.js").read_text(encoding="utf-8")
    assert 'var LISTS = {"en": "kp-offline.json", "hi": "hi/kp-offline.json"};' in worker
    assert all(stat.S_IMODE((root / name).stat().st_mode) == 0o644 for name in ("kp-sw.js", "hi/kp-offline.json"))


def test_a_new_build_is_a_new_worker_and_changes_only_the_changed_files_digests(tmp_path):
    from kp.serviceworker import write_offline_reading

    root = built_site(tmp_path)
    first = write_offline_reading(root, ["en", "hi"], "en")
    worker = (root / "kp-sw.js").read_text(encoding="utf-8")
    assert write_offline_reading(root, ["en", "hi"], "en") == first  # the same site, the same lists
    assert (root / "kp-sw.js").read_text(encoding="utf-8") == worker
    (root / "hi/sop/index.html").write_text((root / "hi/sop/index.html").read_text(encoding="utf-8") + "<p>नया</p>", encoding="utf-8")
    second = write_offline_reading(root, ["en", "hi"], "en")
    changed = {path for path, value in second["hi"]["files"].items() if first["hi"]["files"][path] != value}
    assert changed == {"hi/sop/index.html"} and second["en"] == first["en"]
    assert second["hi"]["build"] != first["hi"]["build"]
    assert (root / "kp-sw.js").read_text(encoding="utf-8") != worker
    write_offline_reading(root, ["en", "hi"], "en", keep=False)  # mkdocs serve
    assert "var LISTS = {};" in (root / "kp-sw.js").read_text(encoding="utf-8")
