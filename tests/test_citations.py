"""Finding citations in every form writers use, in English, Hindi and Bengali (table-driven)."""

from pathlib import Path

import pytest

from kp.citations import CitationFinder
from kp.datafile import load
from kp.statutes import load_registry

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def finder() -> CitationFinder:
    path = ROOT / "legal_refs.yml"
    registry, errors = load_registry(load(str(path), path.read_text(encoding="utf-8")))
    assert not errors
    return CitationFinder(registry)


CITATIONS = [
    # (text, [(act, section+subsection), ...])
    ("Section 370 IPC", [("IPC", "370")]),
    ("S. 370 of the IPC", [("IPC", "370")]),
    ("u/s 370/370A IPC", [("IPC", "370"), ("IPC", "370A")]),
    ("Sections 3 to 6 of the ITPA", [("ITPA", "3"), ("ITPA", "4"), ("ITPA", "5"), ("ITPA", "6")]),
    ("Section 5(1)(a) ITPA", [("ITPA", "5(1)(a)")]),
    ("370 r/w 120B IPC", [("IPC", "370"), ("IPC", "120B")]),
    ("Art. 3(a) of the Trafficking Protocol", [("UNTIP", "3(a)")]),
    ("The ITPA governs rescue. Under section 17A of the said Act, the magistrate", [("ITPA", "17A")]),
    ("section 164 of the Code of Criminal Procedure, 1973", [("CRPC", "164")]),
    ("Section 143 of the Bharatiya Nyaya Sanhita, 2023", [("BNS", "143")]),
    ("sections 370 and 372 of the Indian Penal Code", [("IPC", "370"), ("IPC", "372")]),
    ("Section 370 of the\nIndian Penal Code", [("IPC", "370")]),  # broken across a line
    ("भारतीय दंड संहिता की धारा 370", [("IPC", "370")]),
    ("धारा ३७० भा.दं.सं.", [("IPC", "370")]),
    ("370 धारा आईपीसी", [("IPC", "370")]),
    ("धारा 366क भारतीय दंड संहिता", [("IPC", "366A")]),
    ("भारतीय न्याय संहिता की धारा १४३", [("BNS", "143")]),
    ("अनैतिक व्यापार (निवारण) अधिनियम की धाराएँ 3 से 6", [("ITPA", "3"), ("ITPA", "4"), ("ITPA", "5"), ("ITPA", "6")]),
    ("ভারতীয় দণ্ডবিধির ৩৭০ ধারা", [("IPC", "370")]),
    ("ধারা ৩৭০ আইপিসি", [("IPC", "370")]),
    ("ভারতীয় ন্যায় সংহিতার ১৪৩ ধারা", [("BNS", "143")]),
    ("POCSO Act, Section 19", [("POCSO", "19")]),
    ("Sections 76, 79 and 81 of the JJ Act, Section 96 BNS (formerly Section 366A IPC)",
     [("JJA", "76"), ("JJA", "79"), ("JJA", "81"), ("BNS", "96"), ("IPC", "366A")]),
    ("বিএনএসএস-এর ১৭৩ ধারা", [("BNSS", "173")]),
    ("পকসো আইনের ২৪ ধারা", [("POCSO", "24")]),
    ("पॉक्सो अधिनियम की धारा 24", [("POCSO", "24")]),
    ("পকসো আইনের ধারা ২৪", [("POCSO", "24")]),
    ("আইটিপিএ-র ধারা ১৫", [("ITPA", "15")]),
    ("ধারা ৩৫৭এ সিআরপিসি", [("CRPC", "357A")]),
    ("ভারতীয় ন্যায় সংহিতার ১৪৩ ধারা (পূর্বে ভারতীয় দণ্ডবিধির ৩৭০ ধারা)।", [("BNS", "143"), ("IPC", "370")]),
    ("অপরাধটি আইটিপিএর ১৬ ধারা।", [("ITPA", "16")]),
    ("ভারতীয় ন্যায় সংহিতার ধারা ৩৫৮ ভারতীয় দণ্ডবিধি রহিত করেছে", [("BNS", "358")]),
    ("धारा 370ए आईपीसी", [("IPC", "370A")]),
    ("Section 19 of the POCSO Act", [("POCSO", "19")]),
]


@pytest.mark.parametrize("text, expected", CITATIONS, ids=[c[0][:40] for c in CITATIONS])
def test_citation_forms(finder, text, expected):
    found, _ = finder.find(text)
    assert [(c.act, c.section + c.subsection) for c in found] == expected


NOT_CITATIONS = [
    "In 2024 the new codes came into force.",
    "Call the helpline on 1098 or 112.",
    "See page 12 of the manual.",
    "The BNS came into force on 1 July 2024.",
    "वर्ष 2024 में नए क़ानून लागू हुए।",
    "২০২৪ সালে নতুন আইন চালু হয়েছে।",
    "Form 12, para 3, chapter 5.",
]


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_citations(finder, text):
    found, _ = finder.find(text)
    assert [c for c in found if c.act is not None] == []


def test_section_of_this_chapter_names_no_act(finder):
    found, _ = finder.find("Section 3 of this chapter explains the procedure.")
    assert all(c.act is None for c in found)


def test_positions_point_at_the_number(finder):
    text = "देखें भारतीय दंड संहिता की धारा ३७० और आगे"
    (citation,), _ = finder.find(text)
    assert text[citation.number_start : citation.number_end] == "३७०"
    assert text[citation.start : citation.end] == "भारतीय दंड संहिता की धारा ३७०"


def test_mixed_script_numbers_are_not_read_as_sections(finder):
    found, _ = finder.find("धारा ३7० भा.दं.सं.")
    assert found == []


def test_unknown_act_is_named(finder):
    (citation,), _ = finder.find("section 5 of the Goa Children's Act, 2003")
    assert citation.act is None and citation.unknown_act == "goa children's act"


def test_heading_in_brackets_is_captured(finder):
    (citation,), _ = finder.find("Section 370 IPC (Trafficking of person)")
    assert citation.heading == "Trafficking of person"


def test_said_act_carries_across_paragraphs(finder):
    _, last = finder.find("The Immoral Traffic (Prevention) Act, 1956 is the main law.")
    found, _ = finder.find("Section 15 of the said Act allows search without warrant.", last)
    assert [(c.act, c.section) for c in found] == [("ITPA", "15")]
