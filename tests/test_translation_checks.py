"""Parity between a source page and its translations (X001-X003, L008)."""

from conftest import kp_json

EN = """\
# Rescue { #rescue }

Produce the child before the Committee within 24 hours under Section 143 BNS (formerly Section 370 IPC).

## Checklist { #checklist }

See the [checklist](checklist.md).
"""
CHECKLIST = "# Checklist\n\nA list.\n"

HI_GOOD = """\
# बचाव { #rescue }

भारतीय न्याय संहिता की धारा १४३ (पूर्व में भारतीय दंड संहिता की धारा ३७०) के अधीन बच्चे को २४ घंटे के भीतर समिति के समक्ष प्रस्तुत करें।

## जाँच सूची { #checklist }

[जाँच सूची](checklist.md) देखें।
"""


def project(make_project, hindi):
    return make_project({
        "docs/en/rescue.md": EN, "docs/en/checklist.md": CHECKLIST,
        "docs/hi/rescue.md": hindi, "docs/hi/checklist.md": CHECKLIST.replace("Checklist", "जाँच सूची { #checklist }"),
    })


def codes(findings):
    return [(f["path"], f["line"], f["code"]) for f in findings if f["code"][0] in "XL"]


def test_faithful_translation_has_no_findings(make_project):
    findings, _ = kp_json("docs/", cwd=project(make_project, HI_GOOD))
    assert codes(findings) == []


def test_number_changed_in_translation(make_project):
    findings, _ = kp_json("docs/", cwd=project(make_project, HI_GOOD.replace("२४ घंटे", "१२ घंटे")))
    assert codes(findings) == [("docs/hi/rescue.md", 1, "X002"), ("docs/hi/rescue.md", 3, "X002")]
    numbers = [f["message"] for f in findings if f["code"] == "X002"]
    assert "the number 24 in the source is missing" in numbers[0]
    assert "the number 12 is not in the same place" in numbers[1]


def test_citation_dropped_in_translation(make_project):
    dropped = HI_GOOD.replace(" (पूर्व में भारतीय दंड संहिता की धारा ३७०)", "")
    findings, _ = kp_json("docs/", cwd=project(make_project, dropped))
    assert codes(findings) == [("docs/hi/rescue.md", 1, "L008")]
    assert "IPC 370" in findings[0]["message"]


def test_heading_structure_and_anchor(make_project):
    changed = HI_GOOD.replace("## जाँच सूची { #checklist }", "### जाँच सूची { #checklist }")
    findings, _ = kp_json("docs/", cwd=project(make_project, changed))
    assert ("docs/hi/rescue.md", 5, "X001") in codes(findings)
    renamed = HI_GOOD.replace("{ #checklist }", "{ #jaanch-suchi }")
    findings, _ = kp_json("--select", "X001", "docs/", cwd=project(make_project, renamed))
    assert [(f["line"], f["suggestion"]) for f in findings] == [(5, "{ #checklist }")]


def test_link_dropped_in_translation(make_project):
    findings, _ = kp_json("--select", "X003", "docs/", cwd=project(make_project, HI_GOOD.replace("[जाँच सूची](checklist.md) देखें।", "जाँच सूची देखें।")))
    assert [f["code"] for f in findings] == ["X003"]


def test_links_and_anchors_across_languages(make_project):
    root = project(make_project, HI_GOOD + "\n[English](../en/rescue.md#checklist), [missing](../en/rescue.md#nowhere), [gone](../bn/nothing.md)\n")
    findings, _ = kp_json("--select", "S006,S007", "docs/hi/rescue.md", cwd=root)
    assert [f["code"] for f in findings] == ["S007", "S006"]


def test_link_outside_the_project_is_refused(make_project):
    root = make_project({"docs/en/page.md": "# Page\n\n[passwords](../../../../../../etc/passwd)\n"})
    findings, _ = kp_json("--select", "S006", "docs/en/page.md", cwd=root)
    assert [f["code"] for f in findings] == ["S006"] and "outside" in findings[0]["message"]


def test_pictures_in_raw_html_are_checked_too(make_project):
    """The site and the PDFs show <img src> as they show ![](...): a missing one is reported."""
    page = (
        "# Page\n\nText <img src=\"inline.png\" alt=\"x\"> here.\n\n<img src='block.png' alt='y'>\n\n"
        "<!-- <img src=\"commented.png\"> -->\n\n<img src=\"there.png\" data-src=\"lazy.png\">\n\n<img src=\"data:image/png;base64,AAAA\">\n"
    )
    root = make_project({"docs/en/page.md": page, "docs/en/there.png": b"\x89PNG"})
    findings, _ = kp_json("--select", "S006", "docs/en/page.md", cwd=root)
    assert [(f["line"], f["column"], f["message"]) for f in findings] == [
        (3, 11, "image 'inline.png' does not exist"),
        (5, 6, "image 'block.png' does not exist"),
    ]


def test_link_to_an_untranslated_page_falls_back_to_the_source(make_project):
    root = make_project({"docs/en/a.md": "# A\n", "docs/en/b.md": "# B\n", "docs/hi/a.md": "# क\n\n[ख](b.md)\n"})
    findings, _ = kp_json("--select", "S006", "docs/hi/a.md", cwd=root)
    assert findings == []


def test_years_of_act_names_are_not_compared_as_numbers(make_project):
    root = make_project({
        "docs/en/a.md": "# A\n\nSection 63 BSA (formerly Section 65B IEA) governs electronic records.\n",
        "docs/hi/a.md": "# क\n\nभारतीय साक्ष्य अधिनियम, 2023 की धारा 63 (पूर्व में भारतीय साक्ष्य अधिनियम, 1872 की धारा 65ख) इलेक्ट्रॉनिक अभिलेखों पर लागू है।\n",
    })
    findings, _ = kp_json("--select", "X002,L008", "docs/hi/a.md", cwd=root)
    assert findings == []


def test_indic_heading_needs_an_explicit_anchor(make_project):
    root = make_project({"docs/hi/a.md": "# परिचय { #intro }\n\n## बचाव अभियान\n\nपाठ।\n", "docs/bn/a.md": "# ভূমিকা\n"})
    findings, _ = kp_json("--select", "S009", "docs/", cwd=root)
    assert [(f["path"], f["line"]) for f in findings] == [("docs/bn/a.md", 1), ("docs/hi/a.md", 3)]


def test_a_comparison_is_kept_until_either_page_changes(make_project, monkeypatch):
    import dataclasses

    from kp.checks import RULES
    from kp.engine import Checker
    from kp.project import load_project

    root = project(make_project, HI_GOOD.replace("२४ घंटे", "१२ घंटे"))
    rule, compared = RULES["X002"], []

    def counted(source, translation, project=None):
        compared.append(translation["lang"])
        return rule.function(source, translation, project)

    monkeypatch.setitem(RULES, "X002", dataclasses.replace(rule, function=counted))

    def x002():
        run = Checker(load_project(root)).run([root / "docs"])
        return [(d.path, d.line) for d in run.diagnostics if d.code == "X002"]

    first = x002()
    assert first and len(compared) == 2  # rescue.md and checklist.md, each against its source
    assert x002() == first and len(compared) == 2  # from the cache: not compared again
    (root / "docs/en/rescue.md").write_text(EN.replace("24 hours", "12 hours"), encoding="utf-8")
    assert x002() == [] and len(compared) == 3  # the source changed: that pair only, again


def test_a_first_check_writes_each_analysis_once(make_project, monkeypatch):
    """A translation's analysis goes into the cache with its comparison, not before it as well."""
    from kp.engine import Cache, Checker
    from kp.project import load_project

    root = project(make_project, HI_GOOD)
    (root / "docs/hi/untranslated-source.md").write_text("# केवल हिन्दी में\n", encoding="utf-8")
    monkeypatch.chdir(root)  # paths as shown: relative to here
    written = []
    put = Cache.put
    monkeypatch.setattr(Cache, "put", lambda self, key, result: (written.append(result.path), put(self, key, result)))

    first = Checker(load_project(root)).run([root / "docs"])
    assert sorted(written) == sorted(set(written)) == [
        "docs/en/checklist.md", "docs/en/rescue.md", "docs/hi/checklist.md", "docs/hi/rescue.md",
        "docs/hi/untranslated-source.md",  # no source to compare with: written as it is
    ]
    written.clear()
    again = Checker(load_project(root)).run([root / "docs"])
    assert written == [] and again.from_cache == again.checked == 5 and again.diagnostics == first.diagnostics
