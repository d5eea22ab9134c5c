"""What a language's build reads, as the digest that decides whether it is built again."""

import os

import pytest

from kp.sitecache import environment_digest, language_inputs, link_tree

LANGUAGES = ("en", "hi", "bn")


@pytest.fixture
def docs(make_project):
    return make_project({
        "docs/en/sop/rescue.md": "# Rescue\n",  # translated into Hindi
        "docs/en/sop/fir.md": "# FIR\n",  # not: the Hindi site shows it
        "docs/hi/sop/rescue.md": "# बचाव\n",
        "docs/bn/sop/rescue.md": "# উদ্ধার\n",
        "docs/assets/logo.svg": "<svg/>",
    }) / "docs"


def hindi(docs, states=()):
    return language_inputs("environment", docs, "hi", "en", LANGUAGES, list(states))


def edit(path):
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")


@pytest.mark.parametrize("name, read", [
    ("hi/sop/rescue.md", True),
    ("en/sop/fir.md", True),  # shown in its place
    ("assets/logo.svg", True),
    ("en/sop/rescue.md", False),  # translated: only its state is read
    ("bn/sop/rescue.md", False),
])
def test_an_edit_changes_the_digest_only_if_the_build_reads_the_file(docs, name, read):
    before = hindi(docs)
    edit(docs / name)
    assert (hindi(docs) != before) is read


def test_a_new_or_removed_file_anywhere_changes_the_digest(docs):
    before = hindi(docs)
    (docs / "bn/sop/fir.md").write_text("# এফআইআর\n", encoding="utf-8")  # a new link in the switcher
    added = hindi(docs)
    (docs / "en/sop/fir.md").unlink()
    assert len({before, added, hindi(docs)}) == 3


def test_a_new_hindi_page_stops_the_english_one_from_being_read(docs):
    (docs / "hi/sop/fir.md").write_text("# एफआईआर\n", encoding="utf-8")
    before = hindi(docs)
    edit(docs / "en/sop/fir.md")
    assert hindi(docs) == before


def test_the_translations_states_and_the_environment_are_read(docs):
    up_to_date = [{"page": "sop/rescue.md", "lang": "hi", "state": "up to date", "changed_sections": []}]
    stale = [{**up_to_date[0], "state": "stale", "changed_sections": ["(top)"]}]
    assert hindi(docs, up_to_date) != hindi(docs, stale)
    assert language_inputs("other", docs, "hi", "en", LANGUAGES, []) != hindi(docs)


def test_each_theme_folder_counts_once(tmp_path):
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "main.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    once = environment_digest([], [str(theme)], "fingerprint")
    assert environment_digest([], [str(theme), str(theme)], "fingerprint") == once
    (theme / "main.html").write_text("{% extends 'base.html' %}{# edited #}", encoding="utf-8")
    assert environment_digest([], [str(theme)], "fingerprint") != once


def test_a_tree_is_placed_as_links(tmp_path):
    source = tmp_path / "last/hi"
    (source / "sop/rescue").mkdir(parents=True)
    (source / "sop/rescue/index.html").write_text("<p>बचाव</p>", encoding="utf-8")
    (source / "kp-search.js").write_text("window.kpSearchIndex={};", encoding="utf-8")
    link_tree(source, tmp_path / "new/hi")
    placed = tmp_path / "new/hi/sop/rescue/index.html"
    assert placed.read_text(encoding="utf-8") == "<p>बचाव</p>"
    assert os.path.samefile(placed, source / "sop/rescue/index.html")
    assert (tmp_path / "new/hi/kp-search.js").is_file()
