"""The search index: the same folding as the checks, sections by heading, nothing from the page chrome."""

import json

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


def test_stored_entries_serve_the_same_kp_only(make_project, monkeypatch):
    """A page's search entries are reused from the site store, but not by another version of kp."""
    from types import SimpleNamespace

    from mkdocs.config import load_config

    from kp import project as kp_project
    from kp.mkdocs_plugins.search import SearchPlugin

    root = make_project({"mkdocs.yml": "site_name: Test\ndocs_dir: docs\n", "docs/en/index.md": "# Home\n"})
    page = SimpleNamespace(url="sop/fir/", title="FIR", meta={})

    def indexed(code: str, html: str) -> list:
        monkeypatch.setattr(kp_project, "_package_digest", lambda: code)
        monkeypatch.setattr(kp_project, "_LOADED", {})
        plugin = SearchPlugin()
        plugin.on_config(load_config(str(root / "mkdocs.yml")))
        plugin.on_page_content(html, page, None, None)
        return list(plugin.entries)

    html = '<h1 id="fir">FIR</h1><p>Register the FIR at once.</p>'
    made = indexed("kp one", html)
    assert made and "Register the FIR at once." in json.dumps(made)
    for stored in (root / ".kp-cache/site/search-directory-urls").rglob("*.json"):
        stored.write_text(json.dumps([["stale", "entry"]]), encoding="utf-8")
    assert indexed("kp one", html) == [["stale", "entry"]]  # the same kp: the stored entries
    assert indexed("kp two", html) == made  # another kp: made again, not read
