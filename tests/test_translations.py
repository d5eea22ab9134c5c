"""The translation workflow: reviewed, stale (which sections), missing, renamed; kp new."""

import json

from conftest import run_kp

EN = "---\ntitle: Rescue\n---\n# Rescue { #rescue }\n\nPlan the operation.\n\n## Care { #care }\n\nGive water.\n\n## Records { #records }\n\nKeep records.\n"
HI = "---\ntitle: बचाव\n---\n# बचाव { #rescue }\n\nअभियान की योजना बनाएँ।\n\n## देखभाल { #care }\n\nपानी दें।\n\n## अभिलेख { #records }\n\nअभिलेख रखें।\n"


def status(root):
    done = run_kp("status", "--format", "json", cwd=root)
    assert done.returncode == 0, done.stderr
    return {(p["page"], p["lang"]): (p["state"], p["changed_sections"]) for p in json.loads(done.stdout)["pages"]}


def test_review_then_edit_reports_only_changed_sections(make_project):
    root = make_project({"docs/en/sop/rescue.md": EN, "docs/hi/sop/rescue.md": HI})
    assert status(root)[("sop/rescue.md", "hi")] == ("unreviewed", [])
    assert status(root)[("sop/rescue.md", "bn")] == ("missing", [])
    assert run_kp("reviewed", "docs/hi/sop/rescue.md", cwd=root).returncode == 0
    assert status(root)[("sop/rescue.md", "hi")] == ("up to date", [])
    hindi = (root / "docs/hi/sop/rescue.md").read_text(encoding="utf-8")
    assert hindi.startswith("---\ntitle: बचाव\ntranslation_of:\n") and hindi.endswith("अभिलेख रखें।\n")
    (root / "docs/en/sop/rescue.md").write_text(EN.replace("Give water.", "Give water and food."), encoding="utf-8")
    assert status(root)[("sop/rescue.md", "hi")] == ("stale", ["care"])
    run_kp("reviewed", "docs/hi/sop/rescue.md", cwd=root)
    assert status(root)[("sop/rescue.md", "hi")] == ("up to date", [])
    assert run_kp("status", "--check", cwd=root).returncode == 1  # bn is still missing


def test_renamed_source_page(make_project):
    root = make_project({"docs/en/sop/rescue.md": EN, "docs/hi/sop/rescue.md": HI})
    run_kp("reviewed", "docs/hi/sop/rescue.md", cwd=root)
    (root / "docs/en/sop/rescue.md").rename(root / "docs/en/sop/rescue-operation.md")
    states = status(root)
    assert states[("sop/rescue-operation.md", "hi")] == ("missing", [])
    assert states[("sop/rescue.md", "hi")] == ("orphaned", [])


def test_percentages_per_product(make_project):
    root = make_project({"docs/en/sop/a.md": EN, "docs/en/sop/b.md": EN, "docs/hi/sop/a.md": HI})
    run_kp("reviewed", "docs/hi/sop/a.md", cwd=root)
    shares = json.loads(run_kp("status", "--format", "json", cwd=root).stdout)["up_to_date_percent"]
    assert shares == {"sop:bn": 0, "sop:hi": 50}


def test_new_scaffolds_every_language(make_project):
    root = make_project()
    assert run_kp("new", "sop/referral", "--title", "Referral", cwd=root).returncode == 0
    for lang in ("en", "hi", "bn"):
        assert (root / f"docs/{lang}/sop/referral.md").read_text(encoding="utf-8").startswith('---\ntitle: "Referral"\n')
    assert run_kp("new", "sop/referral", "--title", "Again", cwd=root).returncode == 1
    assert run_kp("new", "../escape", "--title", "No", cwd=root).returncode == 2


def test_new_says_to_add_the_page_to_the_nav(make_project):
    """kp leaves mkdocs.yml to its writers, but says where a new page is missing from it."""
    root = make_project({"mkdocs.yml": "nav:\n  - SOP:\n      - sop/index.md\n      - sop/fir.md\n"})
    done = run_kp("new", "sop/referral", "--title", "Referral", cwd=root)
    assert done.returncode == 0 and "add sop/referral.md to the nav in mkdocs.yml" in done.stderr
    assert (root / "mkdocs.yml").read_text(encoding="utf-8") == "nav:\n  - SOP:\n      - sop/index.md\n      - sop/fir.md\n"
    (root / "mkdocs.yml").write_text("nav:\n  - SOP:\n      - sop/fir.md\n      - sop/shelters.md\n", encoding="utf-8")
    assert "mkdocs.yml" not in run_kp("new", "sop/shelters", "--title", "Shelters", cwd=root).stderr  # listed already


def test_reviewed_removes_the_note_of_kp_new_and_notes_an_untranslated_title(make_project):
    root = make_project()
    assert run_kp("new", "sop/referral", "--title", "Referral", cwd=root).returncode == 0
    hindi = root / "docs/hi/sop/referral.md"
    assert "# Translate the title and text, then run: kp reviewed docs/hi/sop/referral.md" in hindi.read_text(encoding="utf-8")
    done = run_kp("reviewed", "docs/hi/sop/referral.md", cwd=root)
    assert done.returncode == 0 and "title is still its source's, 'Referral'" in done.stderr
    text = hindi.read_text(encoding="utf-8")
    assert "Translate the title" not in text and text.startswith('---\ntitle: "Referral"\ntranslation_of:\n')
    hindi.write_text(text.replace('title: "Referral"', 'title: "रेफ़रल"'), encoding="utf-8")
    done = run_kp("reviewed", "docs/hi/sop/referral.md", cwd=root)
    assert done.returncode == 0 and "title is still" not in done.stderr


def test_a_title_is_the_first_h1_where_front_matter_gives_none(tmp_path):
    from kp.translations import page_title

    page = tmp_path / "a.md"
    page.write_text("---\nlang: hi\n---\nआमुख\n\n# बचाव { #rescue }\n\n## योजना { #plan }\n", encoding="utf-8")
    assert page_title(page) == "बचाव"
    page.write_text("## योजना\n", encoding="utf-8")
    assert page_title(page) == ""
