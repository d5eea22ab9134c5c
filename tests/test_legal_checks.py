"""L checks on pages, table-driven, in English, Hindi and Bengali."""

import pytest

from conftest import kp_json

ROWS = [
    # (lang, paragraph, expected codes)
    ("en", "The accused was charged under Section 143 BNS (formerly Section 370 IPC).", []),
    ("en", "The accused was charged under Section 370 IPC.", ["L005"]),
    ("en", "Charges under Section 370B IPC were framed.", ["L002"]),
    ("en", "Section 26 of the ITPA provides for this.", ["L002"]),
    ("en", "Section 10 of the ITPA was applied.", ["L003"]),
    ("en", "Section 366 IPC (now Section 74 BNS) was invoked.", ["L006"]),
    ("en", "Section 366 IPC (now Section 87 BNS) was invoked.", []),
    ("en", "Section 15 ITPA (Search without warrant) allows entry.", []),
    ("en", "Section 15 ITPA (Rescue of person) allows entry.", ["L004"]),
    ("en", "Section 5 of the Goa Children's Act, 2003 applies.", ["L001"]),
    ("en", "Section 103 BNS applies.", ["L007"]),
    ("en", "Article 3(a) of the Trafficking Protocol defines trafficking.", []),
    ("en", "Article 25 of the Trafficking Protocol.", ["L002"]),
    ("en", "Section 3 of this chapter explains the steps. Call 1098.", []),
    ("hi", "भारतीय न्याय संहिता की धारा 143 (पूर्व में भारतीय दंड संहिता की धारा 370) लागू होती है।", []),
    ("hi", "भारतीय दंड संहिता की धारा ३७० लागू होती है।", ["L005"]),
    ("hi", "धारा 370ख भा.दं.सं. के अधीन।", ["L002"]),
    ("hi", "अनैतिक व्यापार (निवारण) अधिनियम की धारा 10 के अधीन।", ["L003"]),
    ("bn", "ভারতীয় দণ্ডবিধির ৩৭০ ধারা প্রযোজ্য।", ["L005"]),
    ("bn", "ভারতীয় ন্যায় সংহিতার ১৪৩ ধারা (পূর্বে ভারতীয় দণ্ডবিধির ৩৭০ ধারা) প্রযোজ্য।", []),
    ("bn", "ভারতীয় দণ্ডবিধির ৩৬৬ ধারা (এখন ৭৪ ধারা বিএনএস) প্রযোজ্য।", ["L006"]),
]


@pytest.mark.parametrize("lang, paragraph, expected", ROWS, ids=[f"{r[0]}-{i}" for i, r in enumerate(ROWS)])
def test_legal_rows(make_project, lang, paragraph, expected):
    root = make_project({f"docs/{lang}/page.md": f"# Law\n\n{paragraph}\n"})
    findings, _ = kp_json("--select", "L", f"docs/{lang}/page.md", cwd=root)
    assert [f["code"] for f in findings] == expected, findings
    for finding in findings:
        assert finding["line"] == 3


def test_repealed_alone_suggests_the_successor(make_project):
    root = make_project({"docs/hi/page.md": "# क़ानून\n\nभारतीय दंड संहिता की धारा ३७० लागू होती है।\n"})
    (finding,), _ = kp_json("--select", "L005", "docs/hi/page.md", cwd=root)
    line = (root / "docs/hi/page.md").read_text(encoding="utf-8").split("\n")[2]
    assert finding["column"] == line.index("३७०") + 1
    assert finding["suggestion"] == "धारा १४३ भारतीय न्याय संहिता"
    assert finding["severity"] == "error"


def test_dual_citation_setting_and_law_as_of(make_project):
    root = make_project(
        {
            "docs/en/old.md": "---\nlaw_as_of: 2023-05-01\n---\n# Law\n\nSection 370 IPC applied then.\n",
            "docs/en/new.md": "# Law\n\nSection 370 IPC applies.\n",
        },
        pyproject='[tool.kp]\ndual_citation = "suggested"\n',
    )
    findings, done = kp_json("--select", "L005", "docs/", cwd=root)
    assert [(f["path"], f["severity"]) for f in findings] == [("docs/en/new.md", "warning")]
    assert done.returncode == 0


def test_quoted_passages_keep_old_citations(make_project):
    root = make_project({"docs/en/page.md": "# Law\n\n> The accused is charged under Section 370 IPC.\n"})
    findings, _ = kp_json("--select", "L005", "docs/en/page.md", cwd=root)
    assert findings == []


def test_table_row_counts_as_written_together(make_project):
    root = make_project({"docs/en/page.md": "# Table\n\n| Old | New |\n|---|---|\n| Section 370 IPC | Section 143 BNS |\n| Section 366 IPC | Section 74 BNS |\n"})
    findings, _ = kp_json("--select", "L", "docs/en/page.md", cwd=root)
    assert [(f["line"], f["code"]) for f in findings] == [(6, "L006")]
