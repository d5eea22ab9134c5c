"""``kp check`` as a consultant runs it: findings at the right place, formats, exit codes."""

import json

import pytest

from conftest import kp_json, run_kp

SEEDED = {
    "docs/en/chapter.md": """\
        ---
        title: Seeded
        ---
        # Rescue

        After the operation, the child prostitutes were taken to a shelter.
        """,
    "docs/hi/chapter.md": """\
        ---
        title: परीक्षण
        ---
        # बचाव

        क़ानून के अनुसार कार्रवाई के बाद उन वेश्याओं को आश्रय गृह भेजा गया।
        """,
    "docs/bn/chapter.md": """\
        ---
        title: পরীক্ষা
        ---
        # উদ্ধার

        অভিযানের পর সেই পতিতাদের আশ্রয়কেন্দ্রে পাঠানো হয়।
        """,
}


def column_of(project, relative: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate((project / relative).read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_clean_skeleton_is_an_empty_array(make_project):
    root = make_project({"docs/en/index.md": "# Welcome\n\nOfficers read this site.\n"})
    findings, done = kp_json("docs/", cwd=root)
    assert findings == [] and done.returncode == 0


@pytest.mark.parametrize(
    "relative, needle",
    [("docs/en/chapter.md", "child prostitutes"), ("docs/hi/chapter.md", "वेश्याओं"), ("docs/bn/chapter.md", "পতিতাদের")],
)
def test_seeded_finding_has_path_line_and_column(make_project, relative, needle):
    root = make_project(SEEDED)
    findings, _ = kp_json(relative, cwd=root)
    terms = [f for f in findings if f["code"] == "T001"]
    assert len(terms) == 1, findings
    finding = terms[0]
    assert finding["path"] == relative
    assert (finding["line"], finding["column"]) == column_of(root, relative, needle)
    assert finding["severity"] in ("error", "warning", "info")
    assert finding["suggestion"]
    assert finding["message"]


def test_text_format_and_exit_code(make_project):
    root = make_project(SEEDED)
    done = run_kp("check", "--select", "T001", "docs/en/chapter.md", cwd=root)
    line, column = column_of(root, "docs/en/chapter.md", "child prostitutes")
    assert done.stdout.startswith(f"docs/en/chapter.md:{line}:{column}: T001 [error]")
    assert done.returncode == 1


def test_warnings_fail_only_with_strict(make_project):
    root = make_project({"docs/en/page.md": "# Law\n\nSection 103 BNS applies.\n\n<!-- kp-ignore T001: nothing here -->\nPlain text.\n"})
    done = run_kp("check", "docs/en/page.md", cwd=root)
    assert "S004" in done.stdout and done.returncode == 0
    assert run_kp("check", "--strict", "docs/en/page.md", cwd=root).returncode == 1


def test_select_and_ignore_by_code_and_family(make_project):
    root = make_project(SEEDED)
    findings, _ = kp_json("--select", "L", "docs/", cwd=root)
    assert findings == []
    findings, done = kp_json("--ignore", "T", "docs/", cwd=root)
    assert all(not f["code"].startswith("T") for f in findings)
    assert run_kp("check", "--select", "Q999", "docs/", cwd=root).returncode != 0


def test_sarif_and_github_formats(make_project):
    root = make_project(SEEDED)
    sarif = json.loads(run_kp("check", "--format", "sarif", "docs/en/", cwd=root).stdout)
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert results and results[0]["ruleId"] == "T001"
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/en/chapter.md"
    github = run_kp("check", "--format", "github", "docs/en/", cwd=root).stdout
    assert github.startswith("::error file=docs/en/chapter.md,line=6,")


def test_explain_prints_the_docstring():
    done = run_kp("explain", "L005", cwd=".")
    assert done.returncode == 0
    assert "L005" in done.stdout and "1 July 2024" in done.stdout
    listing = run_kp("explain", cwd=".").stdout
    assert "T001" in listing and "C001" in listing and "S008" in listing
    assert run_kp("explain", "Z123", cwd=".").returncode == 2


def test_cached_results_equal_fresh_results(make_project):
    root = make_project(SEEDED)
    first, _ = kp_json("docs/", cwd=root)
    cached, done = kp_json("docs/", cwd=root)
    fresh, _ = kp_json("--no-cache", "docs/", cwd=root)
    assert first == cached == fresh
    assert "from cache" in done.stderr and " 0 from cache" not in done.stderr


SELECTIONS = {
    **SEEDED,
    "docs/en/law.md": "# Law { #law }\n\nCharged under Section 370 IPC. See [the chapter](missing.md).\n",
    "docs/hi/law.md": "# कानून { #law }\n\nधारा 143 भारतीय न्याय संहिता।\n",
}


@pytest.mark.parametrize("selection", [["--select", "T001"], ["--select", "L"], ["--select", "S006,X"], ["--ignore", "T,L"]])
def test_a_selection_finds_what_the_full_check_finds(make_project, selection):
    """A selection runs only the checks it needs, and skips the cache, with the same findings."""
    root = make_project(SELECTIONS)
    chosen, _ = kp_json(*selection, "docs/", cwd=root)
    cache = root / ".kp-cache"
    assert not cache.exists() or not any(cache.rglob("*.json"))  # partial analyses are not cached
    full, _ = kp_json("docs/", cwd=root)
    assert chosen, "the seeded pages have a finding for every selection"
    flag, codes = selection
    wanted = [c.strip() for c in codes.split(",")]
    hit = lambda f: any(f["code"].startswith(c) for c in wanted)  # noqa: E731
    assert chosen == [f for f in full if hit(f) == (flag == "--select")]
    from_cache, _ = kp_json(*selection, "docs/", cwd=root)
    assert from_cache == chosen

def test_cache_follows_the_configuration(make_project):
    root = make_project({"docs/en/law.md": "# Law\n\nThe accused was charged under Section 370 IPC.\n"})
    before, _ = kp_json("docs/en/", cwd=root)
    assert [f["code"] for f in before] == ["L005"]
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    (root / "pyproject.toml").write_text(pyproject + 'dual_citation = "off"\n', encoding="utf-8")
    after, _ = kp_json("docs/en/", cwd=root)
    assert after == []
