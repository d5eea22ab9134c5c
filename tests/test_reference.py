"""Generated reference pages and tooltips: right content, Indic boundaries, nothing injectable."""

import markdown as python_markdown
import pytest

from kp.annotate import annotate_markdown
from kp.project import load_project
from kp.reference import cases_page, correspondence_page, glossary_page, md_text, provisions_page, status_page, statutes_page
from kp.translations import PageStatus

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


def test_table_of_cases_in_each_language(make_project):
    project = load_project(make_project())
    cited = [("vishal-jeet-1990", "Rescue", "../sop/rescue.md"), ("vishal-jeet-1990", "Rescue", "../sop/rescue.md")]
    english = cases_page(project.registry.cases, "en", cited)
    row = next(line for line in english.splitlines() if 'id="vishal-jeet-1990"' in line)
    assert row.startswith('| <span id="vishal-jeet-1990"></span>Vishal Jeet v. Union of India | Supreme Court of India | 2 May 1990 |')
    assert "\\(1990\\) 3 SCC 318; AIR 1990 SC 1412" in row and row.endswith("| [Rescue](../sop/rescue.md) |")
    hindi = cases_page(project.registry.cases, "hi", [])
    assert "| मामला | न्यायालय | निर्णय की तिथि | उद्धरण | निर्धारित | उद्धृत |" in hindi
    assert "विशाल जीत बनाम भारत संघ | भारत का सर्वोच्च न्यायालय | २ मई १९९० | \\(१९९०\\) ३ SCC ३१८" in hindi
    bengali = cases_page(project.registry.cases, "bn", [])
    assert "| মামলা | আদালত | রায়ের তারিখ | উদ্ধৃতি | সিদ্ধান্ত | উদ্ধৃত |" in bengali and "১৯ মে ২০২২" in bengali
    html = render(bengali)
    assert html.count("<span id=") == len(project.registry.cases.judgments) and "<script" not in html


def test_a_judgment_is_linked_to_its_row_with_its_holding_as_tooltip(make_project):
    project = load_project(make_project())
    text = "In Gaurav Jain v. Union of India, (1997) 8 SCC 114 and Gaurav Jain v. Union of India the Court spoke.\n"
    annotated = annotate_markdown(text, "en", project, "sop/rescue.md")
    assert annotated.startswith('In [<abbr class="kp-case" title="Supreme Court of India, 9 July 1997: On the committee')
    assert "</abbr>](../compendium/cases.md#gaurav-jain-1997), (1997) 8 SCC 114 and Gaurav Jain v. Union of India the" in annotated
    hindi = annotate_markdown("विशाल जीत बनाम भारत संघ में न्यायालय ने कहा।\n", "hi", project, "hi/manual/legal-framework.md")
    assert hindi.startswith('[<abbr class="kp-case" title="भारत का सर्वोच्च न्यायालय, २ मई १९९०: देवदासी')
    assert hindi.split("</abbr>")[1].startswith("](../compendium/cases.md#vishal-jeet-1990) में")


STATUSES = [
    PageStatus("sop/fir.md", "hi", "up to date"),
    PageStatus("sop/fir.md", "bn", "stale", ["steps"]),
    PageStatus("sop/rescue.md", "hi", "missing"),
]
TITLES = {("hi", "sop/fir.md"): "प्रथम सूचना रिपोर्ट", ("bn", "sop/fir.md"): "প্রাথমিক তথ্য বিবরণী",
          ("hi", "sop/rescue.md"): "Rescue operations"}


@pytest.mark.parametrize(
    "lang, header, rows",
    [
        ("en", "| Page | Language | State |",
         ["| प्रथम सूचना रिपोर्ट | Hindi | up to date |", "| প্রাথমিক তথ্য বিবরণী | Bengali | may be out of date \\(steps\\) |",
          "| Rescue operations | Hindi | not translated yet |"]),
        ("hi", "| पृष्ठ | भाषा | स्थिति |", ["| प्रथम सूचना रिपोर्ट | हिन्दी |", "| Rescue operations | हिन्दी |"]),
        ("bn", "| পৃষ্ঠা | ভাষা | অবস্থা |", ["| প্রাথমিক তথ্য বিবরণী | বাংলা |"]),
    ],
)
def test_status_page_names_pages_by_title_under_headers_in_the_language(lang, header, rows):
    page = status_page(STATUSES, lang, TITLES)
    lines = page.splitlines()
    assert header in lines and "| lang |" not in page and "sop/" not in page
    table = [line for line in lines if line.startswith("| ") and line != header]
    assert len(table) == len(rows) and all(any(line.startswith(row) for line in table) for row in rows)


def test_a_page_without_a_known_title_is_named_by_its_path():
    assert "| sop/fir.md | हिन्दी |" in status_page(STATUSES[:1], "hi", {})
