"""Rebuilding the site after an edit reuses earlier work, and gives what a fresh build gives."""

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kp.sitecache import LAST_BUILD

from test_site import build, copy_project

pytestmark = pytest.mark.slow


def tree(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def assert_same_site(left: Path, right: Path) -> None:
    a, b = tree(left), tree(right)
    assert sorted(a) == sorted(b)
    different = [name for name in a if not filecmp.cmp(a[name], b[name], shallow=False)]
    assert different == []


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """The project built, edited (an English chapter, a Hindi page's title), and built again."""
    root = copy_project(tmp_path_factory.mktemp("reuse"))
    first = build(root, "--no-pdf", "--no-offline")
    assert first.returncode == 0, first.stderr
    chapter = root / "docs/en/sop/rescue.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nThe team leader signs the memo at the site.\n",
                       encoding="utf-8")
    hindi = root / "docs/hi/manual/ahtu.md"
    text = hindi.read_text(encoding="utf-8")
    assert "\ntitle: " in text
    hindi.write_text(text.replace("\ntitle: ", "\ntitle: संशोधित — ", 1), encoding="utf-8")
    second = build(root, "--no-pdf", "--no-offline")
    assert second.returncode == 0, second.stderr
    return root


def assert_same_as_a_fresh_build(root: Path, fresh: Path) -> None:
    """The site built in ``root`` equals one built from nothing, in ``fresh``, of the same docs."""
    copy_project(fresh)
    shutil.rmtree(fresh / "docs")
    shutil.copytree(root / "docs", fresh / "docs")
    done = build(fresh, "--no-pdf", "--no-offline")
    assert done.returncode == 0, done.stderr
    assert_same_site((root / "site").resolve(), (fresh / "site").resolve())


def test_a_rebuild_equals_a_fresh_build(rebuilt, tmp_path):
    assert_same_as_a_fresh_build(rebuilt, tmp_path / "fresh")


def test_a_rebuild_renders_only_what_changed(rebuilt):
    site = (rebuilt / "site").resolve()
    pages = {name: path for name, path in tree(site).items() if name.endswith(".html")}
    placed = {name for name, path in pages.items() if path.stat().st_nlink > 1}  # linked from the store
    rendered = set(pages) - placed
    assert "sop/rescue/index.html" in rendered
    assert "hi/sop/rescue/index.html" in rendered  # now marked as possibly out of date
    assert "translation-status/index.html" in rendered
    assert "sop/fir/index.html" in placed and "bn/manual/ahtu/index.html" in placed
    # The Hindi title is in every Hindi page's navigation, so every Hindi page is rendered again.
    assert all(name in rendered for name in pages if name.startswith("hi/") and not name.startswith("hi/404"))
    assert len(rendered) < len(pages) / 2


def test_a_page_that_warned_warns_again(tmp_path):
    root = copy_project(tmp_path / "warned")
    page = root / "docs/en/handouts/rescue-checklist.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the annex](annex-missing.md).\n", encoding="utf-8")
    for attempt in range(2):
        done = build(root, "--no-pdf", "--no-offline")
        assert done.returncode != 0
        assert "annex-missing.md" in done.stderr and "not found among documentation files" in done.stderr, attempt


def test_switching_between_two_configurations_keeps_both(tmp_path):
    """A build prunes only its own configuration's steps: going back to the other reuses its pages."""
    root = copy_project(tmp_path / "switch")
    config = root / "mkdocs.yml"
    first = config.read_text(encoding="utf-8")
    store = root / ".kp-cache/site/directory-urls"

    def built() -> dict[str, Path]:
        done = build(root, "--no-pdf", "--no-offline")
        assert done.returncode == 0, done.stderr
        return {p.name: p for p in store.iterdir()}

    one = built()
    config.write_text(first.replace("site_description: ", "site_description: Edited. ", 1), encoding="utf-8")
    two = built()
    assert one and set(one) < set(two) and len(two) == 2 * len(one)  # the first configuration's steps are kept
    config.write_text(first, encoding="utf-8")
    assert built() == two
    pages = [p for name, p in tree((root / "site").resolve()).items() if name.endswith(".html")]
    assert pages and all(p.stat().st_nlink > 1 for p in pages if "404" not in p.name)  # every page placed from the store


def test_an_edit_in_one_language_leaves_the_other_languages_search_indexes_as_they_were(tmp_path):
    root = copy_project(tmp_path / "search")
    first = build(root, "--no-pdf", "--no-offline")
    assert first.returncode == 0, first.stderr
    hindi = root / "docs/hi/sop/rescue.md"
    hindi.write_text(hindi.read_text(encoding="utf-8") + "\nदल नाविकों से भी बात करता है।\n", encoding="utf-8")
    second = build(root, "--no-pdf", "--no-offline")
    assert second.returncode == 0, second.stderr
    site = (root / "site").resolve()
    indexes = {lang: site / path for lang, path in (("en", "kp-search.js"), ("hi", "hi/kp-search.js"),
                                                    ("bn", "bn/kp-search.js"))}
    assert "नाविकों" in indexes["hi"].read_text(encoding="utf-8")
    assert indexes["hi"].stat().st_nlink == 1  # made again
    assert indexes["en"].stat().st_nlink > 1 and indexes["bn"].stat().st_nlink > 1  # placed from the store
    assert_same_as_a_fresh_build(root, tmp_path / "fresh")


def test_a_language_nothing_has_changed_for_is_taken_from_the_last_build(tmp_path):
    root = copy_project(tmp_path / "languages")
    english, hindi = root / "docs/en/sop/rescue.md", root / "docs/hi/manual/ahtu.md"

    def edit(path: Path, sentence: str) -> None:
        path.write_text(path.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")

    def built() -> Path:
        done = build(root, "--no-pdf", "--no-offline")
        assert done.returncode == 0, done.stderr
        return (root / "site").resolve()

    built()
    edit(english, "The team leader signs the memo at the site.")  # its translations are now out of date
    site = built()
    for lang in ("hi", "bn"):
        (site / lang / "kp-planted.txt").write_text("in the last build only\n", encoding="utf-8")
    edit(english, "A copy of the memo goes to the district's AHTU.")
    edit(hindi, "इकाई हर महीने रिपोर्ट भेजती है।")
    site = built()
    assert (site / "bn/kp-planted.txt").is_file()  # Bengali reads nothing that changed: taken whole
    assert not (site / "hi/kp-planted.txt").exists()  # Hindi built again
    assert "हर महीने रिपोर्ट" in (site / "hi/manual/ahtu/index.html").read_text(encoding="utf-8")
    (site / "bn/kp-planted.txt").unlink()
    assert_same_as_a_fresh_build(root, tmp_path / "fresh")

    # The store still holds what Bengali's build used: built again, it renders nothing.
    edit(root / "docs/bn/manual/ahtu.md", "ইউনিট প্রতি মাসে প্রতিবেদন পাঠায়।")
    site = built()
    pages = {name: p for name, p in tree(site).items() if name.startswith("bn/") and name.endswith(".html")}
    rendered = {name for name, p in pages.items() if p.stat().st_nlink == 1 and not name.endswith("404.html")}
    assert rendered == {"bn/manual/ahtu/index.html"}
    assert (site / "bn/kp-search.js").stat().st_nlink == 1  # its index made again, of its pages' stored entries


def test_a_language_that_warned_is_built_again(tmp_path):
    root = copy_project(tmp_path / "warned-language")
    page = root / "docs/bn/handouts/rescue-checklist.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[সংযোজনী](annex-missing.md)\n", encoding="utf-8")
    for attempt in range(2):
        done = build(root, "--no-pdf", "--no-offline", "--no-strict")
        assert done.returncode == 0, done.stderr
        assert "annex-missing.md" in done.stderr, attempt
    record = json.loads(((root / "site").resolve() / ".kp-languages.json").read_text(encoding="utf-8"))
    assert sorted(record) == ["hi"]


def test_with_the_address_of_the_site_every_language_is_built_for_the_sitemap(tmp_path):
    root = copy_project(tmp_path / "sitemap")
    config = root / "mkdocs.yml"
    config.write_text("site_url: https://kp.example.org/\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    for turn in range(2):
        done = build(root, "--no-pdf", "--no-offline")
        assert done.returncode == 0, done.stderr
        site = (root / "site").resolve()
        if turn == 0:
            (site / "bn/kp-planted.txt").write_text("in the first build only\n", encoding="utf-8")
    assert not (site / "bn/kp-planted.txt").exists()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://kp.example.org/bn/sop/rescue/</loc>" in sitemap and "None" not in sitemap


GUARD = """
import sys
from kp.mkdocs_plugins import pages
placing = pages._Languages.__init__
def unknown_builds(self, *args, **kwargs):  # as if mkdocs-static-i18n built otherwise than by its module's name
    placing(self, *args, **kwargs)
    self.restore()
pages._Languages.__init__ = unknown_builds
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--site-dir", sys.argv[1]]
cli()
"""


def test_a_taken_language_is_never_built_into(tmp_path):
    """Its folder holds the last build's files as links: a build writing there would change them."""
    root = copy_project(tmp_path / "guard")
    done = build(root, "--no-pdf", "--no-offline")
    assert done.returncode == 0, done.stderr
    last = (root / "site").resolve()
    page = last / "hi/sop/rescue/index.html"
    before = page.read_bytes()
    env = {**os.environ, LAST_BUILD: str(last), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-c", GUARD, str(tmp_path / "other")], cwd=root, env=env,
                          capture_output=True, text=True)
    assert done.returncode != 0 and "mkdocs-static-i18n started building 'hi', which kp took" in done.stderr
    assert page.read_bytes() == before
