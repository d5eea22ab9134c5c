"""Victim-centric terminology: glossary.yml's own examples, rows that must not fire, fixes."""

import stat

import pytest

from conftest import ROOT, kp_json, run_kp
from kp.datafile import load
from kp.glossary import apply_fixes, load_glossary

GLOSSARY_FILE = ROOT / "glossary.yml"


def _glossary():
    glossary, errors = load_glossary(load(str(GLOSSARY_FILE), GLOSSARY_FILE.read_text(encoding="utf-8")))
    return glossary, errors


GLOSSARY, ERRORS = _glossary()
EXAMPLES = [(entry.id, example) for entry in GLOSSARY.entries for example in entry.examples]


def test_glossary_loads_without_errors():
    assert [e.message for e in ERRORS] == []


def test_glossary_size_and_languages():
    assert len(GLOSSARY.entries) >= 40
    for entry in GLOSSARY.entries:
        assert set(entry.preferred) == {"en", "hi", "bn"}, entry.id
        if entry.definition:
            assert set(entry.definition) == {"en", "hi", "bn"}, entry.id
        if entry.avoid:
            assert entry.source and entry.reason, entry.id
    assert sum(1 for e in GLOSSARY.entries if e.definition) >= 15


@pytest.mark.parametrize("concept, example", EXAMPLES, ids=[f"{c}-{e.lang}-{i}" for i, (c, e) in enumerate(EXAMPLES)])
def test_every_example_against_its_rule(concept, example):
    found = [m for m in GLOSSARY.find(example.text, example.lang) if m.term.concept == concept]
    if example.must_fire:
        assert found, example.text
        if example.fixed is not None:
            assert apply_fixes(example.text, found) == example.fixed
    else:
        assert not GLOSSARY.find(example.text, example.lang)


def test_each_language_has_examples():
    for lang in ("en", "hi", "bn"):
        assert sum(1 for _, e in EXAMPLES if e.lang == lang and e.must_fire) >= 20


def test_an_entry_that_misses_its_own_example_is_refused():
    text = """\
version: 1
sources: {X: "a source"}
concepts:
  - id: prostitute-test
    preferred: {en: sex worker, hi: यौनकर्मी, bn: যৌনকর্মী}
    reason: {en: r}
    source: [X]
    avoid:
      en:
        - term: prostitute
    examples:
      - {lang: en, from: "The prostitutes were taken away."}
"""
    glossary, errors = load_glossary(load("g.yml", text))
    assert glossary.entries == []
    assert [(e.code, e.line) for e in errors] == [("C005", 12)]


def test_examples_run_once_per_glossary_file_and_failures_every_time(make_project, monkeypatch):
    from kp import glossary
    from kp.project import load_project

    runs = []
    original = glossary._examples_hold
    monkeypatch.setattr(glossary, "_examples_hold", lambda *a: runs.append(1) or original(*a))
    root = make_project({})
    first = load_project(root)
    assert runs and first.diagnostics == []
    count = len(runs)
    second = load_project(root)
    assert len(runs) == count  # the same file, already verified: not run again
    assert [e.id for e in second.glossary.entries] == [e.id for e in first.glossary.entries]
    assert second.glossary.find("The prostitutes were taken away.", "en")

    broken = (root / "glossary.yml").read_text(encoding="utf-8").replace("version: 1", "version: 1\n# edited", 1)
    (root / "glossary.yml").write_text(broken, encoding="utf-8")
    load_project(root)
    assert len(runs) > count  # another file: its examples run again

    failing = broken.replace("examples:", 'examples:\n      - {lang: en, from: "Nothing to catch here."}', 1)
    (root / "glossary.yml").write_text(failing, encoding="utf-8")
    for _ in range(2):  # a file whose examples fail is never noted as verified
        assert "C005" in [d.code for d in load_project(root).diagnostics]


PAGE_ROWS = [
    # (lang, paragraph, fires)
    ("en", "The child prostitutes were produced before the Committee.", True),
    ("en", "The child\nprostitutes were produced before the Committee.", True),
    ("en", "Use `child prostitute` only in quoted code.", False),
    ("en", "See https://example.org/child-prostitute for the report.", False),
    ("en", "The Immoral Traffic (Prevention) Act, 1956 applies.", False),
    ("en", "He was charged with forcible rape.", True),  # the heading "Rape" does not exempt it
    ("en", "Section 20 ITPA (Removal of prostitute from any place) applies.", False),
    ("en", 'The accused told the officer, "she is a prostitute".', False),
    ("en", "> The accused called her a prostitute in court.", False),
    ("en", "<!-- kp-ignore T001: the survivor's own words -->\nShe was called a prostitute.", False),
    ("hi", "उन वेश्याओं को आश्रय गृह भेजा गया।", True),
    ("hi", "वेश्यागृह बंद करने का आदेश दिया गया।", False),
    ("hi", "वे\u200dश्या शब्द का प्रयोग न करें", True),
    ("bn", "সেই পতিতাদের আশ্রয়কেন্দ্রে পাঠানো হয়।", True),
    ("bn", "`পতিতা` শব্দটি কোডে আছে।", False),
]


@pytest.mark.parametrize("lang, paragraph, fires", PAGE_ROWS)
def test_rows_on_pages(make_project, lang, paragraph, fires):
    root = make_project({f"docs/{lang}/page.md": f"# Heading\n\n{paragraph}\n"})
    findings, _ = kp_json("--select", "T001,S004", f"docs/{lang}/page.md", cwd=root)
    assert bool([f for f in findings if f["code"] == "T001"]) == fires, findings
    assert not [f for f in findings if f["code"] == "S004"]


CHILD_CONSENT = [
    ("en", "The 15-year-old was a minor who consented to go with the agent.", True),
    ("en", "The consent of a child is irrelevant under the law.", False),
    ("en", "Adults who consented to sex work are not victims of trafficking.", False),
    ("hi", "बच्ची ने अपनी मर्ज़ी से जाने की बात कही।", True),
    ("hi", "बच्चे की सहमति अप्रासंगिक है।", False),
    ("bn", "শিশুটি স্বেচ্ছায় গিয়েছিল।", True),
    ("bn", "শিশুর সম্মতি অপ্রাসঙ্গিক।", False),
]


@pytest.mark.parametrize("lang, paragraph, fires", CHILD_CONSENT)
def test_consent_applied_to_a_child(make_project, lang, paragraph, fires):
    root = make_project({f"docs/{lang}/page.md": f"# Heading\n\n{paragraph}\n"})
    findings, _ = kp_json("--select", "T002", f"docs/{lang}/page.md", cwd=root)
    assert [f["severity"] for f in findings] == (["error"] if fires else [])


def test_fix_applies_only_declared_forms_atomically(make_project):
    root = make_project({"docs/en/page.md": "# Care\n\nThe child prostitutes were produced before the Committee.\r\nA prostitute was found.\r\n"})
    page = root / "docs/en/page.md"
    page.chmod(0o640)
    diff = run_kp("check", "--diff", "docs/en/page.md", cwd=root)
    assert "-The child prostitutes" in diff.stdout and "+The child victims" in diff.stdout
    assert b"child prostitutes" in page.read_bytes()  # --diff alone writes nothing
    run_kp("check", "--fix", "docs/en/page.md", cwd=root)
    fixed = page.read_bytes()
    assert b"The child victims of commercial sexual exploitation were produced" in fixed
    assert b"\r\n" in fixed and b"\n" not in fixed.replace(b"\r\n", b"")  # line endings kept
    assert stat.S_IMODE(page.stat().st_mode) == 0o640  # permissions kept
    assert not [p for p in page.parent.iterdir() if p.name.endswith(".tmp")]


FIX_GLOSSARY = """\
version: 1
sources: {X: "a source"}
concepts:
  - id: test-term
    preferred: {en: sex worker, hi: यौनकर्मी, bn: যৌনকর্মী}
    reason: {hi: r}
    source: [X]
    avoid:
      hi:
        - term: वेश्या
          forms: [वेश्याओं]
          fix: {वेश्या: यौनकर्मी}
    examples:
      - {lang: hi, from: "वह वेश्या नहीं है।", to: "वह यौनकर्मी नहीं है।"}
"""


def test_fix_never_breaks_an_inflected_word(make_project):
    root = make_project({"docs/hi/page.md": "# देखभाल\n\nउन वेश्याओं को भेजा गया। वह वेश्या नहीं है।\n"}, glossary=FIX_GLOSSARY)
    run_kp("check", "--fix", "docs/hi/page.md", cwd=root)
    after = (root / "docs/hi/page.md").read_text(encoding="utf-8")
    assert after == "# देखभाल\n\nउन वेश्याओं को भेजा गया। वह यौनकर्मी नहीं है।\n"


def test_translation_uses_the_preferred_term(make_project):
    root = make_project({
        "docs/en/page.md": "# Units\n\nThe Anti Human Trafficking Unit leads the investigation.\n",
        "docs/hi/page.md": "# इकाइयाँ\n\nजाँच का नेतृत्व विशेष दल करता है।\n",
        "docs/bn/page.md": "# ইউনিট\n\nমানব পাচার বিরোধী ইউনিট তদন্তে নেতৃত্ব দেয়।\n",
    })
    findings, _ = kp_json("--select", "T003", "docs/", cwd=root)
    assert [(f["path"], f["code"]) for f in findings] == [("docs/hi/page.md", "T003")]
    assert findings[0]["suggestion"]
