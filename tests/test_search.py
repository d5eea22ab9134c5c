"""The search index: the same folding as the checks, sections by heading, nothing from the page chrome."""

import json

import pytest

from kp.search import build_index, index_script, sections, words


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
