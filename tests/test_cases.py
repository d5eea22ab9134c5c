"""Finding Indian case law in English, Hindi and Bengali, and comparing it with the registry (table-driven)."""

import datetime as dt
from pathlib import Path

import pytest

from kp.cases import Report, find_case_names, find_cases, find_reports, judge
from kp.citations import CitationFinder
from kp.datafile import load
from kp.statutes import load_registry

ROOT = Path(__file__).resolve().parent.parent
REGISTRY, ERRORS = load_registry(load("legal_refs.yml", (ROOT / "legal_refs.yml").read_text(encoding="utf-8")))
CASES = REGISTRY.cases

REPORTS = [
    # (text, [canonical report, ...]); an empty list is a row that must not fire.
    ("Vishal Jeet v. Union of India, (1990) 3 SCC 318", ["(1990) 3 SCC 318"]),
    ("reported in [1990] 3 SCC 318 and 1990 (3) SCC 318", ["(1990) 3 SCC 318", "(1990) 3 SCC 318"]),
    ("1990 SCC (3) 318, the form of the Supreme Court's own listing", ["(1990) 3 SCC 318"]),
    ("AIR 1990 SC 1412", ["AIR 1990 SC 1412"]),
    ("A.I.R. 1990 S.C. 1412", ["AIR 1990 SC 1412"]),
    ("1990 AIR 1412", ["AIR 1990 SC 1412"]),
    ("AIR 2005 Cal 123", ["AIR 2005 Cal 123"]),
    ("2023 INSC 123", ["2023 INSC 123"]),
    ("[2024] INSC 716", ["2024 INSC 716"]),
    ("2011 SCC OnLine SC 123", ["2011 SCC OnLine SC 123"]),
    ("2022 SCC Online Del 4567", ["2022 SCC OnLine Del 4567"]),
    ("1995 Cri LJ 123", ["1995 Cri LJ 123"]),
    ("1995 Cri. L.J. 123; 1995 CriLJ 123; 1995 Cr LJ 123", ["1995 Cri LJ 123"] * 3),
    ("[1990] 2 SCR 861", ["[1990] 2 SCR 861"]),
    ("1989 SCR Supl. (2) 173", ["[1989] Supp (2) SCR 173"]),
    ("1990 Supp SCC 709 and 1992 Supp (3) SCC 217", ["1990 Supp SCC 709", "1992 Supp (3) SCC 217"]),
    ("(1990) 3 SCC 318 : AIR 1990 SC 1412 = 1990 Cri LJ 1469",
     ["(1990) 3 SCC 318", "AIR 1990 SC 1412", "1990 Cri LJ 1469"]),
    ("In 1990, 3 officers of the SCC unit wrote 318 pages.", []),  # a year in prose
    ("Section 318 BNS and Section 3 ITPA apply.", []),  # section numbers
    ("Call 1098 or 033 2214 5678 (Kolkata), or 98300 12345.", []),  # phone numbers
    ("The order is dated 19 May 2022 (19.05.2022).", []),  # a date
    ("The AIR India flight 2011 left at 1230.", []),
    ("SCC stands for Supreme Court Cases.", []),
    ("विशाल जीत बनाम भारत संघ, (1990) 3 SCC 318", ["(1990) 3 SCC 318"]),
    ("(१९९०) ३ एससीसी ३१८", ["(1990) 3 SCC 318"]),
    ("एआईआर १९९० एससी १४१२", ["AIR 1990 SC 1412"]),
    ("[2022] 7 एस.सी.आर. 231", ["[2022] 7 SCR 231"]),
    ("२०२४ INSC ७१६", ["2024 INSC 716"]),
    ("वर्ष 1990 में 3 अधिकारियों ने 318 पृष्ठ लिखे।", []),
    ("धारा 318 बीएनएस और धारा 3 आईटीपीए लागू होती हैं।", []),
    ("हेल्पलाइन 1098 या ९८३००१२३४५ पर फ़ोन करें।", []),
    ("आदेश 19 मई 2022 का है।", []),
    ("(१९9०) ३ एससीसी ३१८", []),  # mixed digits: a typo, not a report
    ("(১৯৯০) ৩ এসসিসি ৩১৮", ["(1990) 3 SCC 318"]),
    ("এআইআর ১৯৯০ এসসি ১৪১২", ["AIR 1990 SC 1412"]),
    ("২০২২ SCC OnLine SC ৭০৪", ["2022 SCC OnLine SC 704"]),
    ("১৯৯০ Cri LJ ১৪৬৯", ["1990 Cri LJ 1469"]),
    ("১৯৯০ সালে ৩ জন অফিসার ৩১৮ পৃষ্ঠা লিখেছেন।", []),
    ("ধারা ৩১৮ বিএনএস প্রযোজ্য।", []),
    ("১০৯৮ নম্বরে ফোন করুন।", []),
    ("১৯ মে ২০২২-এর আদেশ।", []),
]


@pytest.mark.parametrize("text, expected", REPORTS, ids=[f"r{i}" for i in range(len(REPORTS))])
def test_reports(text, expected):
    found = find_reports(text)
    assert [str(r.report) for r in found] == expected
    for report in found:  # each report is found at its place in the text as written
        assert Report.parse(text[report.start : report.end]) == report.report


NAMES = [
    # (text, [(first party, second party), ...])
    ("In Budhadev Karmaskar v. State of West Bengal (order of 19 May 2022) the Court directed",
     [("Budhadev Karmaskar", "State of West Bengal")]),
    ("See Vishal Jeet vs. Union of India & Ors., (1990) 3 SCC 318.", [("Vishal Jeet", "Union of India & Ors.")]),
    ("Gaurav Jain versus Union of India", [("Gaurav Jain", "Union of India")]),
    ("Just Rights for Children Alliance & Anr. v. S. Harish & Ors. changed the words we use.",
     [("Just Rights for Children Alliance & Anr.", "S. Harish & Ors.")]),
    ("The High Court relied on Ram Kumar v. Shyam Lal in its judgment.", [("Ram Kumar", "Shyam Lal")]),
    ("Prajwala v. Union of India is about sexual violence.", [("Prajwala", "Union of India")]),
    ("Sheela Barse v. State of Maharashtra, AIR 1983 SC 378", [("Sheela Barse", "State of Maharashtra")]),
    ("India vs. Pakistan was the final of 2011.", []),  # "vs." in a sentence that is not about law
    ("The debate on victim vs survivor continues.", []),
    ("Quality versus quantity: what a trainer must weigh.", []),
    ("बुद्धदेव कर्मस्कर बनाम पश्चिम बंगाल राज्य (19 मई 2022 का आदेश) में सर्वोच्च न्यायालय ने",
     [("बुद्धदेव कर्मस्कर", "पश्चिम बंगाल राज्य")]),
    ("सर्वोच्च न्यायालय ने विशाल जीत बनाम भारत संघ में कहा", [("विशाल जीत", "भारत संघ")]),
    ("उच्च न्यायालय ने राम कुमार बनाम श्याम लाल मामले में कहा", [("राम कुमार", "श्याम लाल")]),
    ("भारत बनाम पाकिस्तान मैच रविवार को है।", []),
    ("गुणवत्ता बनाम मात्रा पर बहस हुई।", []),
    ("বুদ্ধদেব কর্মস্কর বনাম পশ্চিমবঙ্গ রাজ্য মামলায় (১৯ মে ২০২২-এর আদেশ) সুপ্রিম কোর্ট",
     [("বুদ্ধদেব কর্মস্কর", "পশ্চিমবঙ্গ রাজ্য")]),
    ("আদালত রাম কুমার বনাম শ্যাম লাল মামলায় বলেছে", [("রাম কুমার", "শ্যাম লাল")]),
    ("মোহনবাগান বনাম ইস্টবেঙ্গল ম্যাচ রবিবার।", []),
]


@pytest.mark.parametrize("text, expected", NAMES, ids=[f"n{i}" for i in range(len(NAMES))])
def test_case_names(text, expected):
    found = find_case_names(text, CASES)
    assert [(n.first, n.second) for n in found] == expected
    for name in found:
        assert text[name.start : name.end].startswith(name.first)
        assert text[name.start : name.end].endswith(name.second)


JUDGED = [
    # (text, [(kind, judgment), ...]): the name's verdict first, then one per report
    ("Vishal Jeet v. Union of India, (1990) 3 SCC 318 : AIR 1990 SC 1412",
     [("known", "vishal-jeet-1990"), ("known", "vishal-jeet-1990"), ("known", "vishal-jeet-1990")]),
    ("Vishal Jeet v. Union of India, (1991) 3 SCC 318", [("known", "vishal-jeet-1990"), ("contradicts", "vishal-jeet-1990")]),
    ("Vishal Jeet v. UOI, AIR 1990 SC 1421", [("known", "vishal-jeet-1990"), ("contradicts", "vishal-jeet-1990")]),
    ("Gaurav Jain v. Union of India, (1997) 8 SCC 114", [("known", "gaurav-jain-1997"), ("known", "gaurav-jain-1997")]),
    ("Gaurav Jain v. Union of India (1997)", [("known", "gaurav-jain-1997")]),
    ("Gaurav Jain v. Union of India, (1990) 3 SCC 318", [("known", None), ("contradicts", None)]),
    ("Gaurav Jain v. Union of India", [("known", None)]),  # two judgments between these parties
    ("Vishal Jeet v. Union of India, AIR 1990 Del 14", [("known", "vishal-jeet-1990"), ("unrecorded", "vishal-jeet-1990")]),
    ("(1990) 3 SCC 318", [("known", "vishal-jeet-1990")]),
    ("(1990) 3 SCC 381", [("unknown", None)]),
    ("Prajwala v. Union of India", [("unknown", None)]),
    ("बुद्धदेव कर्मस्कर बनाम पश्चिम बंगाल राज्य (19 मई 2022 का आदेश)", [("known", "budhadev-karmaskar-2022")]),
    ("विशाल जीत बनाम भारत संघ, (१९९०) ३ एससीसी ३८१", [("known", "vishal-jeet-1990"), ("contradicts", "vishal-jeet-1990")]),
    ("বুদ্ধদেব কর্মস্কর বনাম পশ্চিমবঙ্গ রাজ্য মামলায় (১৯ মে ২০২২-এর আদেশ)", [("known", "budhadev-karmaskar-2022")]),
    ("জাস্ট রাইটস ফর চিলড্রেন অ্যালায়েন্স বনাম এস. হরিশ, ২০২৪ INSC ৭১৬",
     [("known", "just-rights-for-children-alliance-2024"), ("known", "just-rights-for-children-alliance-2024")]),
    ("জাস্ট রাইটস ফর চিলড্রেন অ্যালায়েন্স বনাম এস. হরিশ, ২০২৪ INSC ৬১৭",
     [("known", "just-rights-for-children-alliance-2024"), ("contradicts", "just-rights-for-children-alliance-2024")]),
]


@pytest.mark.parametrize("text, expected", JUDGED, ids=[f"j{i}" for i in range(len(JUDGED))])
def test_judged_against_the_registry(text, expected):
    (case,) = find_cases(text, CASES)
    assert [(v.kind, v.judgment) for v in judge(case, CASES)] == expected


def test_a_contradiction_names_what_differs_and_the_right_report():
    (case,) = find_cases("Vishal Jeet v. Union of India, (1991) 3 SCC 381", CASES)
    verdict = judge(case, CASES)[1]
    assert verdict.differs == ("year", "page") and str(verdict.expected) == "(1990) 3 SCC 318"
    (case,) = find_cases("Gaurav Jain v. Union of India, (1990) 3 SCC 318", CASES)
    assert judge(case, CASES)[1].owner == "vishal-jeet-1990"


def test_dates_written_after_the_name():
    (case,) = find_cases("Budhadev Karmaskar v. State of West Bengal, judgment dated 14.02.2011", CASES)
    assert case.date == dt.date(2011, 2, 14) and judge(case, CASES)[0].judgment == "budhadev-karmaskar-2011"
    (case,) = find_cases("Budhadev Karmaskar v. State of West Bengal (order of 2 August 2011)", CASES)
    assert judge(case, CASES)[0].judgment is None  # an order the registry does not list: not guessed


@pytest.mark.parametrize("text, sections, reports", [
    ("Section 366A IPC (now Section 96 BNS); see Vishal Jeet v. Union of India, AIR 1990 SC 1412.",
     [("IPC", "366A"), ("BNS", "96")], ["AIR 1990 SC 1412"]),
    ("u/s 370 IPC, (2011) 11 SCC 538", [("IPC", "370")], ["(2011) 11 SCC 538"]),
    ("भारतीय दंड संहिता की धारा 370, (१९९०) ३ एससीसी ३१८ के अनुसार", [("IPC", "370")], ["(1990) 3 SCC 318"]),
    ("ভারতীয় দণ্ডবিধির ৩৭০ ধারা, এআইআর ১৯৯০ এসসি ১৪১২", [("IPC", "370")], ["AIR 1990 SC 1412"]),
])
def test_statute_and_case_citations_keep_their_own_numbers(text, sections, reports):
    citations, _ = CitationFinder(REGISTRY).find(text)
    assert [(c.act, c.section) for c in citations] == sections
    assert [str(r.report) for r in find_reports(text)] == reports
    for citation in citations:
        assert not any(r.start < citation.number_end and citation.number_start < r.end for r in find_reports(text))


BAD_CASES = """\
version: 1
sources: {}
acts: {}
cases:
  vishal-jeet-1990:
    parties: {en: "Vishal Jeet and Union of India"}
    court: SC
    decided: 1990-05-02
    citations: ["(1990) 3 SCC 318", "3 SCC 318", "(1989) 3 SCC 12", "1991 INSC 4"]
    holding: {en: "Held.", hi: "निर्धारित।"}
    source:
      parties: [a document]
      decided: [a document]
      "(1990) 3 SCC 318": [a document]
      holding: [a document]
      bench: [a document]
  Gaurav_Jain:
    parties: {en: "Gaurav Jain v. Union of India"}
    court: Supreme
    decided: "1997"
    citations: ["(1990) 3 SCC 318"]
    holding: {en: "Held.", hi: "निर्धारित।", bn: "সিদ্ধান্ত।"}
    source: {parties: [x], decided: [x], holding: [x]}
    bench: two judges
"""


def test_the_cases_block_is_validated_with_every_problem_located():
    _, errors = load_registry(load("legal_refs.yml", BAD_CASES))
    found = sorted((e.line, e.code, e.message) for e in errors)
    expected = [
        (6, "C002", "must name two parties joined by one v., vs., versus, बनाम or বনাম"),
        (9, "C002", "'3 SCC 318' is not a report kp reads"),
        (9, "C002", "(1989) 3 SCC 12 is dated before the judgment (1990-05-02)"),
        (9, "C002", "1991 INSC 4: INSC citations carry the year of the judgment, 1990"),
        (10, "C002", "cases.vishal-jeet-1990.holding: missing required key 'bn'"),
        (11, "C002", "'(1989) 3 SCC 12' needs its source"),
        (11, "C002", "'1991 INSC 4' needs its source"),
        (16, "C002", "'bench' is not a fact of this entry"),
        (17, "C002", "case id 'Gaurav_Jain' must be lower-case words"),
        (19, "C002", "'Supreme' is not one of: SC"),
        (20, "C002", "expected the date of the judgment written as YYYY-MM-DD"),
        (21, "C003", "(1990) 3 SCC 318 is also a citation of vishal-jeet-1990"),
        (23, "C002", "'(1990) 3 SCC 318' needs its source"),
        (24, "C002", "unknown key 'bench'"),
    ]
    assert len(found) == len(expected), found
    for (line, code, message), (want_line, want_code, want) in zip(found, expected):
        assert (line, code) == (want_line, want_code) and want in message, (line, code, message)


def test_registry_reports_read_back_as_themselves():
    for judgment in CASES.judgments.values():
        for report in judgment.reports:
            assert Report.parse(str(report)) == report
            assert CASES.owner(report) == judgment.id
