"""The search index: the same folding as the checks, sections by heading, nothing from the page chrome."""

import json
from pathlib import Path

import pytest

import kp
from kp.search import build_index, index_script, sections, snippet, stem, words


def test_words_fold_digits_danda_and_joiners():
    assert words("धारा ३७० लागू है।") == ["धारा", "370", "लागू", "है"]
    assert words("ধারা ৩৭০ প্রযোজ্য।") == ["ধারা", "370", "প্রযোজ্য"]
    assert words("র\u200d্যাব") == words("র্যাব")


def test_sections_split_at_headings_and_drop_download_links():
    html = (
        '<p class="kp-downloads"><a href="x.pdf">Download</a></p>'
        '<h1 id="rescue">Rescue<a class="headerlink" href="#rescue">¶</a></h1><p>Plan it.</p>'
        '<h2 id="after">After</h2><p>Produce the child within 24 hours.</p>'
    )
    found = sections("hi/sop/rescue/", "बचाव", html)
    assert [(s.url, s.heading, s.text) for s in found] == [
        ("hi/sop/rescue/", "Rescue", "Plan it."),
        ("hi/sop/rescue/#after", "After", "Produce the child within 24 hours."),
    ]


def test_index_script_is_loadable_and_safe():
    index = build_index(sections("a/", "A", '<h1 id="a">A</h1><p>धारा ३७० </script><script>x</p>'))
    assert index["words"]["370"] == [0]
    script = index_script(index)
    assert script.startswith("window.kpSearchIndex=") and "</script>" not in script
    assert json.loads(script[len("window.kpSearchIndex="):-2]) == index


FIR_PAGE = {"url": "sop/fir/", "title": "FIR", "meta": {}}


def _built_page(root, site, html: str):
    """kp-search, as in a build of ``root`` into ``site``, after the page FIR_PAGE with ``html``."""
    from types import SimpleNamespace

    from mkdocs.config import load_config

    from kp.mkdocs_plugins.search import SearchPlugin

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    plugin = SearchPlugin()
    plugin.on_config(config)
    plugin.on_pre_build(config)
    plugin.on_page_content(html, SimpleNamespace(**FIR_PAGE), config, None)
    return plugin, config


def test_stored_entries_serve_the_same_kp_only(make_project, monkeypatch, tmp_path):
    """A page's search entries, and a language's index, are reused from the site store, but not
    by another version of kp."""
    from kp import project as kp_project

    root = make_project({"mkdocs.yml": "site_name: Test\ndocs_dir: docs\n", "docs/en/index.md": "# Home\n"})
    store = root / ".kp-cache/site/search-directory-urls"

    def indexed(code: str, html: str) -> dict:
        monkeypatch.setattr(kp_project, "_package_digest", lambda: code)
        monkeypatch.setattr(kp_project, "_LOADED", {})
        plugin, config = _built_page(root, tmp_path / code, html)
        plugin.on_post_build(config)
        script = (tmp_path / code / "kp-search.js").read_text(encoding="utf-8")
        return json.loads(script[len("window.kpSearchIndex="):-2])

    html = '<h1 id="fir">FIR</h1><p>Register the FIR at once.</p>'
    made = indexed("kp one", html)
    assert made["docs"] == [["sop/fir/", "FIR", "FIR", "Register the FIR at once."]]
    for stored in store.rglob("*.json"):
        stored.write_text(json.dumps([["stale", "entry", "", "", ["stale"]]]), encoding="utf-8")
    assert indexed("kp one", html) == made  # the same pages: the stored index, as it was
    for stored in store.rglob("*.out"):
        stored.unlink()
    assert indexed("kp one", html)["docs"] == [["stale", "entry", "", ""]]  # made from the stored entries
    assert indexed("kp two", html) == made  # another kp: made again, not read


def test_a_missing_stored_entry_stops_the_build_instead_of_leaving_a_page_out(make_project, tmp_path):
    root = make_project({"mkdocs.yml": "site_name: Test\ndocs_dir: docs\n", "docs/en/index.md": "# Home\n"})
    html = "<h1 id='fir'>FIR</h1><p>Register it.</p>"
    _built_page(root, tmp_path / "site", html)  # stores the page's entries
    second, config = _built_page(root, tmp_path / "site", html)  # a build that finds them stored...
    for stored in (root / ".kp-cache/site/search-directory-urls").rglob("*.json"):
        stored.unlink()  # ...and another build prunes them before this one writes its index
    with pytest.raises(RuntimeError, match="build again"):
        second.on_post_build(config)


# (word as written, language, stem): one row per form an officer types, and rows that must
# stay whole (particles, short words, digits, English).
STEMS = [
    ("पीड़ितों", "hi", "पीड़ित"), ("पीड़ित", "hi", "पीड़ित"), ("पीड़िता", "hi", "पीड़ित"),
    ("लड़कियों", "hi", "लड़क"), ("लड़कियाँ", "hi", "लड़क"), ("लड़की", "hi", "लड़क"),
    ("महिलाओं", "hi", "महिल"), ("महिलाएँ", "hi", "महिल"), ("महिला", "hi", "महिल"),
    ("बच्चों", "hi", "बच्च"), ("बच्चे", "hi", "बच्च"), ("बच्चा", "hi", "बच्च"),
    ("बातें", "hi", "बात"), ("बातों", "hi", "बात"), ("थाने", "hi", "थान"),
    ("में", "hi", "में"), ("का", "hi", "का"), ("है", "hi", "है"), ("पुलिस", "hi", "पुलिस"), ("३७०", "hi", "370"),
    ("শিশুদের", "bn", "শিশু"), ("শিশুকে", "bn", "শিশু"), ("শিশুর", "bn", "শিশু"), ("শিশুরা", "bn", "শিশু"),
    ("শিশু", "bn", "শিশু"), ("পাচারের", "bn", "পাচা"), ("পাচার", "bn", "পাচা"), ("থানায়", "bn", "থানা"),
    ("থানা", "bn", "থানা"), ("অভিযোগগুলি", "bn", "অভিযোগ"), ("অভিযোগগুলো", "bn", "অভিযোগ"),
    ("বাড়িতে", "bn", "বাড়ি"), ("ভুক্তভোগীদের", "bn", "ভুক্তভোগী"),
    ("কর", "bn", "কর"), ("ও", "bn", "ও"), ("৩৭০", "bn", "370"),
    ("victims", "en", "victims"), ("rescue", "en", "rescue"),
]


@pytest.mark.parametrize("written, lang, expected", STEMS)
def test_light_suffix_stripping(written, lang, expected):
    assert stem(words(written)[0], lang) == words(expected)[0]


def test_the_index_holds_words_and_their_stems_and_the_suffixes_for_queries():
    index = build_index(sections("hi/sop/v/", "पहचान", "<h1 id='v'>पहचान</h1><p>पीड़ितों की सूची।</p>"), lang="hi")
    assert {"पीड़ितों", "पीड़ित", "सूची", "सूच"} <= set(index["words"])
    assert index["lang"] == "hi" and "ों" in index["suffixes"] and index["suffixes"] == sorted(index["suffixes"], key=lambda s: (-len(s), s))
    assert build_index(sections("a/", "A", "<p>victims</p>"))["suffixes"] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("short text", "short text"),
        ("word " * 50, ("word " * 36).rstrip() + "…"),
        # No space to cut at: after the last whole grapheme cluster, never inside শনাক্ত's conjunct.
        ("শনাক্ত" * 60, "শনাক্ত" * 30 + "…"),
        ("क" * 179 + "क्ष" + "त" * 10, "क" * 179 + "…"),
    ],
)
def test_snippets_end_at_a_space_or_a_grapheme_boundary_with_an_ellipsis(text, expected):
    assert snippet(text) == expected
    assert len(snippet(text)) <= 181


@pytest.fixture(scope="module")
def kp_js():
    """kp.js in Debian's Chromium, on an empty page."""
    from playwright.sync_api import sync_playwright

    from test_browser import CHROMIUM, FLAGS

    script = Path(kp.__file__).parent / "theme/assets/kp/kp.js"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.set_content("<!doctype html><html><head></head><body></body></html>")
        page.add_script_tag(path=str(script))
        yield page
        browser.close()


def test_the_browser_strips_what_the_index_strips(kp_js):
    """With the suffixes the index carries, kp.js strips a query's words as the index did."""
    rows = [[words(written)[0], build_index([], lang=lang)["suffixes"]] for written, lang, _ in STEMS]
    found = kp_js.evaluate("rows => rows.map(([w, s]) => window.kpSearch.stem(w, s))", rows)
    assert found == [stem(word, lang) for (word, _), (_, lang, _) in zip(rows, STEMS)]


PAGES = {
    "hi": [("hi/a/", "पहचान", "पीड़ितों की पहचान करें।"), ("hi/b/", "सहायता", "हर पीड़ित को सहायता दें।"),
           ("hi/c/", "दर्द", "पीड़ा कम करें।"), ("hi/d/", "बालिकाएँ", "लड़कियों को सुरक्षित रखें।")],
    "bn": [("bn/a/", "শিশু", "শিশুদের নিরাপত্তা।"), ("bn/b/", "থানা", "থানায় অভিযোগ দিন।"),
           ("bn/c/", "পাচার", "পাচারের শিকার ব্যক্তি।"), ("bn/d/", "শিক্ষা", "শিক্ষার অধিকার।")],
    "en": [("a/", "Victims", "Identify the victims."), ("b/", "Rescue", "Plan the rescue operation.")],
}

# (language, query, pages found in order; [] for a query that must find nothing)
QUERIES = [
    ("hi", "पीड़ितों", ["hi/a/", "hi/b/"]),  # the plural finds the singular, the exact word first
    ("hi", "पीड़ित", ["hi/a/", "hi/b/"]),
    ("hi", "पीड़ित सहायता", ["hi/b/"]),  # every word must match, each by its prefix
    ("hi", "सहा पीड़", ["hi/b/"]),
    ("hi", "लड़की", ["hi/d/"]),
    ("hi", "पीड़ितों दर्द", []),
    ("bn", "শিশু", ["bn/a/"]), ("bn", "শিশুকে", ["bn/a/"]), ("bn", "থানার", ["bn/b/"]),
    ("bn", "পাচার", ["bn/c/"]), ("bn", "শিশু থানা", []),
    ("en", "victim", ["a/"]), ("en", "rescue oper", ["b/"]), ("en", "victims rescue", []),
]


@pytest.mark.parametrize("lang, query, expected", QUERIES)
def test_every_query_word_matches_by_prefix_and_stem(kp_js, lang, query, expected):
    index = build_index([s for url, title, text in PAGES[lang]
                         for s in sections(url, title, f'<h1 id="t">{title}</h1><p>{text}</p>')], lang=lang)
    found = kp_js.evaluate("([index, q]) => window.kpSearch.search(index, q).map(d => index.docs[d][0])", [index, query])
    assert list(dict.fromkeys(found)) == expected
