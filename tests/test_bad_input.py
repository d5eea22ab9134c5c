"""Bad input gives a located finding and a non-zero exit, never a traceback."""

import pytest

from conftest import kp_json, run_kp


def codes(findings):
    return [(f["path"], f["line"], f["code"]) for f in findings]


def test_malformed_glossary_is_one_c_finding_with_a_line(make_project):
    root = make_project({"docs/en/index.md": "# Welcome\n"}, glossary="version: 1\nconcepts:\n  - id: raid\n   preferred: x\n")
    findings, done = kp_json("docs/", cwd=root)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    config = [f for f in findings if f["code"].startswith("C")]
    assert len(config) == 1
    assert config[0]["path"] == "glossary.yml" and config[0]["code"] == "C001" and config[0]["line"] == 4


@pytest.mark.parametrize(
    "glossary, code, line",
    [
        ("version: 1\nconcepts: {}\n", "C002", 2),
        ("version: 1\nconcepts:\n  - id: a-b\n    preferd: {en: x}\n", "C002", 4),
        ("version: 1\nversion: 1\nconcepts: []\n", "C003", 2),
        ("version: 1\nconcepts:\n  - id: x\n    preferred: {en: a, hi: b, bn: c}\n    severity: critical\n    definition: {en: d}\n", "C002", 5),
    ],
)
def test_wrong_typed_and_unknown_keys(make_project, glossary, code, line):
    root = make_project({"docs/en/index.md": "# Welcome\n"}, glossary=glossary)
    findings, done = kp_json("docs/", cwd=root)
    assert done.returncode == 1
    assert ("glossary.yml", line, code) in codes(findings)


def test_billion_laughs_is_refused_quickly(make_project):
    bomb = "version: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
    bomb += "concepts: []\n"
    root = make_project({"docs/en/index.md": "# Welcome\n"}, glossary=bomb)
    findings, done = kp_json("docs/", cwd=root)
    assert done.returncode == 1
    assert any(f["code"] == "C001" and "aliases" in f["message"] for f in findings)


def test_registry_successor_that_does_not_exist(make_project):
    registry = """\
version: 1
sources: {s: "a source"}
acts:
  IPC:
    title: {en: Indian Penal Code}
    names: {en: [IPC]}
    year: 1860
    unit: section
    repealed: 2024-07-01
    successor: BNS
    source: [s]
    sections:
      "370": {successor: ["BNS 999"], source: [s]}
  BNS:
    title: {en: Bharatiya Nyaya Sanhita}
    names: {en: [BNS]}
    year: 2023
    unit: section
    source: [s]
    sections: {}
"""
    root = make_project({"docs/en/index.md": "# Welcome\n"}, legal_refs=registry)
    findings, _ = kp_json("docs/", cwd=root)
    assert ("legal_refs.yml", 13, "C004") in codes(findings)


@pytest.mark.parametrize(
    "content, code, line",
    [
        (b"", None, None),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "S001", 1),
        ("# Title\n\nline two\n".encode("utf-8") + b"caf\xe9\n", "S001", 4),
        ("# Title\n".encode("utf-16"), "S001", 1),
        (b"---\n- a list\n---\n# Title\n", "S002", 1),
        (b"---\ntitle: [unclosed\n---\n# Title\n", "S002", 3),
    ],
)
def test_bad_pages(make_project, content, code, line):
    root = make_project()
    (root / "docs/en").mkdir(parents=True)
    (root / "docs/en/page.md").write_bytes(content)
    findings, done = kp_json("docs/en/page.md", cwd=root)
    assert "Traceback" not in done.stderr
    if code is None:
        assert findings == [] and done.returncode == 0
    else:
        assert codes(findings) == [("docs/en/page.md", line, code)]
        assert done.returncode == 1


def test_page_in_unconfigured_language_folder(make_project):
    root = make_project({"docs/ta/index.md": "# வரவேற்பு\n", "docs/en/index.md": "---\nlang: ta\n---\n# Welcome\n"})
    findings, done = kp_json("docs/", cwd=root)
    assert codes(findings) == [("docs/en/index.md", 1, "S003"), ("docs/ta/index.md", 1, "S003")]
    assert done.returncode == 1


def test_page_too_large_is_reported_with_the_limit(make_project):
    pyproject = '[tool.kp]\nmax_page_bytes = 1000\n'
    root = make_project({"docs/en/big.md": "# Big\n\n" + "word " * 400 + "\n"}, pyproject=pyproject)
    findings, _ = kp_json("docs/", cwd=root)
    assert [(f["code"], "1,000" in f["message"]) for f in findings] == [("S008", True)]


def test_unknown_setting_is_a_c_finding(make_project):
    root = make_project({"docs/en/index.md": "# Welcome\n"}, pyproject='[tool.kp]\ndocs_dir = "docs"\ndual_citations = "off"\n')
    findings, done = kp_json("docs/", cwd=root)
    assert ("pyproject.toml", 3, "C002") in codes(findings)


def test_missing_path_is_a_usage_error(make_project):
    root = make_project({"docs/en/index.md": "# Welcome\n"})
    done = run_kp("check", "docs/nowhere.md", cwd=root)
    assert done.returncode == 2 and "no such file" in done.stderr


def test_page_too_slow_is_reported_with_the_limit(make_project):
    pyproject = '[tool.kp]\nmax_page_seconds = 0.001\n'
    paragraph = "Section 370 IPC and the child prostitutes. " * 3000
    root = make_project({"docs/en/slow.md": "# Slow\n\n" + "\n\n".join([paragraph] * 20) + "\n"}, pyproject=pyproject)
    findings, done = kp_json("--no-cache", "docs/", cwd=root)
    assert [(f["code"], "0.001 s" in f["message"]) for f in findings] == [("S008", True)]
    assert done.returncode == 1


def test_symlink_escaping_the_project_is_refused(make_project, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("# Secret\n\nThe child prostitutes.\n", encoding="utf-8")
    root = make_project({"docs/en/index.md": "# Welcome\n\n![x](../../../outside.md)\n"})
    (root / "docs/en/linked.md").symlink_to(outside)
    findings, _ = kp_json("docs/", cwd=root)
    assert sorted((f["path"], f["code"]) for f in findings) == [("docs/en/index.md", "S006"), ("docs/en/linked.md", "S006")]
