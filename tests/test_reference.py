"""Generated reference pages and tooltips: right content, Indic boundaries, nothing injectable."""

import markdown as python_markdown

from kp.annotate import annotate_markdown
from kp.project import load_project
from kp.reference import correspondence_page, glossary_page, md_text, provisions_page, statutes_page

HOSTILE_GLOSSARY = """\
version: 1
sources: {X: "<script>alert('source')</script>"}
concepts:
  - id: tax
    preferred: {en: "tax <img src=x onerror=alert(1)>", hi: कर, bn: কর}
    definition:
      en: "A levy\\" onmouseover=\\"alert(1)"
      hi: "कर की परिभाषा <script>alert(2)</script>"
      bn: "করের সংজ্ঞা | [link](javascript:alert(3))"
"""


def render(text: str) -> str:
    return python_markdown.markdown(text, extensions=["tables", "attr_list", "toc"])


def test_md_text_neutralises_markup():
    html = render(md_text("<script>alert(1)</script> *x* [a](javascript:b) | c"))
    assert "<script" not in html and "<em>" not in html and "<a " not in html


def test_hostile_glossary_cannot_inject_markup(make_project):
    root = make_project({"docs/hi/page.md": "# कर\n\nकर्मचारी ने कर जमा किया।\n"}, glossary=HOSTILE_GLOSSARY)
    project = load_project(root)
    assert not [d for d in project.diagnostics if d.path.endswith("glossary.yml")]
    for lang in ("en", "hi", "bn"):
        html = render(glossary_page(project.glossary, lang))
        assert "<script" not in html and "<img" not in html and "javascript:" not in html.replace("javascript:alert(3)", "") or "href" not in html
        assert "<a " not in html
    annotated = annotate_markdown("कर्मचारी ने कर जमा किया।\n", "hi", project)
    html = render(annotated)
    assert "<script" not in html
    assert '<abbr class="kp-term" title="कर की परिभाषा &lt;script&gt;alert(2)&lt;/script&gt;">कर</abbr>' in html
    assert html.count("<abbr") == 1  # not inside कर्मचारी


def test_tooltips_first_use_only_and_not_in_headings_links_or_code(make_project):
    root = make_project()
    project = load_project(root)
    text = (
        "# Anti Human Trafficking Unit\n\n"
        "See [Anti Human Trafficking Unit](x.md) and `Anti Human Trafficking Unit`.\n\n"
        "The Anti Human Trafficking Unit leads. The Anti Human Trafficking Unit reports.\n"
    )
    annotated = annotate_markdown(text, "en", project)
    assert annotated.count('class="kp-term"') == 1
    assert annotated.split("\n")[4].startswith('The <abbr class="kp-term"')


def test_citation_tooltip_in_the_page_language(make_project):
    project = load_project(make_project())
    annotated = annotate_markdown("भारतीय दंड संहिता की धारा 370 और धारा 143 बीएनएस।\n", "hi", project)
    assert 'title="IPC 370: व्यक्ति का दुर्व्यापार; अब BNS 143' in annotated


def test_correspondence_lists_every_repealed_provision_with_its_successor(make_project):
    project = load_project(make_project())
    page = correspondence_page(project.registry, "en")
    assert "| Section 370 IPC | Trafficking of person | Section 143 BNS |" in page
    assert "| Section 164 CRPC |" in page and "Section 183 BNSS" in page
    assert "Section 87 BNS" in page and "Section 74 BNS | " not in page.split("Section 366 IPC")[1].split("\n")[0]
    bengali = correspondence_page(project.registry, "bn")
    assert "ধারা ৩৭০ ভারতীয় দণ্ডবিধি" in bengali


def test_provisions_and_statutes_pages(make_project):
    project = load_project(make_project())
    provisions = provisions_page(project.registry, "hi")
    html = render(provisions)
    assert "अनैतिक व्यापार (निवारण) अधिनियम" in html and "लोपित" in html
    statutes = statutes_page(project.registry, "en", {"sop": [("IPC", "370", "Rescue", "../sop/rescue.md")]})
    assert "| Section 370 IPC | Trafficking of person | [Rescue](../sop/rescue.md) |" in statutes
