"""Data tests over legal_refs.yml itself: it loads clean, and holds the verified facts exactly."""

from pathlib import Path

import pytest

from kp.datafile import load
from kp.statutes import Reference, load_registry

ROOT = Path(__file__).resolve().parent.parent
FILE = ROOT / "legal_refs.yml"
REGISTRY, ERRORS = load_registry(load(str(FILE), FILE.read_text(encoding="utf-8")))

# The verified pairs (shared/facts/legal-provisions.md, compiled 2026-11-23).
IPC_BNS = {
    "120B": ["61(2)"], "293": ["295"], "317": ["93"], "323": ["115(2)"], "339": ["126(1)"], "340": ["127(1)"],
    "341": ["126(2)"], "342": ["127(2)"], "343": ["127(3)"], "344": ["127(4)"], "345": ["127(5)"], "346": ["127(6)"],
    "347": ["127(7)"], "348": ["127(8)"], "359": ["137(1)"], "360": ["137(1)(a)"], "361": ["137(1)(b)"], "362": ["138"],
    "363": ["137(2)"], "363A": ["139"], "364": ["140(1)"], "364A": ["140(2)"], "365": ["140(3)"], "366": ["87"],
    "366A": ["96"], "366B": ["141"], "367": ["140(4)"], "368": ["142"], "369": ["97"], "370": ["143"], "370A": ["144"],
    "371": ["145"], "372": ["98"], "373": ["99"], "374": ["146"], "375": ["63"], "376": ["64"], "376D": ["70(1)"],
    "506": ["351(2)", "351(3)"], "509": ["79"],
}
CRPC_BNSS = {
    "41": "35", "46": "43", "51": "49", "53": "51", "97": "100", "98": "101", "100": "103", "154": "173", "157": "176",
    "161": "180", "164": "183", "164A": "184", "173": "193", "357A": "396", "357C": "397",
}
IEA_BSA = {"65B": "63", "24": "22", "167": "169"}
WRONG = [("IPC", "366", "BNS 74"), ("IPC", "367", "BNS 140(3)"), ("CRPC", "357C", "BNSS 398")]
ITPA_OMITTED = {"10", "12", "2A"}


def test_loads_without_errors():
    assert [f"{e.line}: {e.message}" for e in ERRORS] == []


def test_every_act_the_manuals_cite():
    assert set(REGISTRY.acts) >= {
        "ITPA", "IPC", "BNS", "CRPC", "BNSS", "IEA", "BSA", "JJA", "POCSO", "BLSA", "CALPRA", "THOTA", "PCMA", "ITA", "UNTIP",
    }
    for act in REGISTRY.acts.values():
        assert act.names.get("en") and act.names.get("hi"), act.id
        assert act.source, act.id


@pytest.mark.parametrize("old, new", sorted(IPC_BNS.items()))
def test_ipc_to_bns(old, new):
    provision = REGISTRY.acts["IPC"].sections[old]
    assert [r.section + r.subsection for r in provision.successors] == new
    assert all(r.act == "BNS" for r in provision.successors)


@pytest.mark.parametrize("old, new", sorted(CRPC_BNSS.items()))
def test_crpc_to_bnss(old, new):
    assert [str(r) for r in REGISTRY.acts["CRPC"].sections[old].successors] == [f"BNSS {new}"]


@pytest.mark.parametrize("old, new", sorted(IEA_BSA.items()))
def test_iea_to_bsa(old, new):
    assert [str(r) for r in REGISTRY.acts["IEA"].sections[old].successors] == [f"BSA {new}"]


@pytest.mark.parametrize("act, section, wrong", WRONG)
def test_known_wrong_pairs_are_recorded_as_wrong(act, section, wrong):
    provision = REGISTRY.acts[act].sections[section]
    assert Reference.parse(wrong) in provision.wrong_successors
    assert Reference.parse(wrong) not in provision.successors


def test_itpa_is_complete_with_its_omitted_sections():
    itpa = REGISTRY.acts["ITPA"]
    assert itpa.complete and itpa.highest == 25 and itpa.repealed is None
    assert {n for n, p in itpa.sections.items() if p.status == "omitted"} == ITPA_OMITTED
    assert {"15", "16", "17", "17A", "22AA"} <= set(itpa.sections)


def test_sections_that_do_not_exist():
    assert {"370B", "370C", "366C"} <= REGISTRY.acts["IPC"].nonexistent
    assert "26" not in REGISTRY.acts["ITPA"].sections


def test_repeal_dates_and_successors():
    for old, new in (("IPC", "BNS"), ("CRPC", "BNSS"), ("IEA", "BSA")):
        act = REGISTRY.acts[old]
        assert act.repealed.isoformat() == "2024-07-01" and act.successor == new


def test_every_successor_exists_and_every_provision_is_sourced():
    for act in REGISTRY.acts.values():
        for provision in act.sections.values():
            assert provision.source and all(key in REGISTRY.sources for key in provision.source)
            for ref in provision.successors:
                assert REGISTRY.resolve(ref) is not None, f"{act.id} {provision.number} -> {ref}"


def test_verified_headings():
    assert REGISTRY.acts["IPC"].sections["370"].heading == {"en": "Trafficking of person", "hi": "व्यक्ति का दुर्व्यापार"}
    assert REGISTRY.acts["BNS"].sections["143"].heading["en"] == "Trafficking of person"
    assert REGISTRY.acts["ITPA"].sections["15"].heading["en"] == "Search without warrant"
    assert REGISTRY.acts["CRPC"].sections["164"].heading["en"] == "Recording of confessions and statements"


# --- the judgments (`cases`) ----------------------------------------------------------------------

CASES = REGISTRY.cases


def test_the_judgments_the_products_rely_on_are_in_the_registry():
    firsts = {j.parties["en"][0] for j in CASES.judgments.values()}
    assert {"Budhadev Karmaskar", "Vishal Jeet", "Gaurav Jain", "Just Rights for Children Alliance"} <= firsts
    from kp.cases import find_cases, judge

    cited = set()
    for path in sorted((ROOT / "docs").rglob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for case in find_cases(line, CASES):
                verdicts = judge(case, CASES)
                assert all(v.kind == "known" for v in verdicts), (path, line)
                assert verdicts[0].judgment, f"{path}: {case.title} does not say which judgment"
                cited.add(verdicts[0].judgment)
    assert "budhadev-karmaskar-2022" in cited


@pytest.mark.parametrize("judgment", sorted(CASES.judgments.values(), key=lambda j: j.id), ids=lambda j: j.id)
def test_every_judgment_is_whole_sourced_and_found_by_its_own_names(judgment):
    from kp.cases import find_case_names
    from kp.datafile import load as load_yaml
    from kp.glossary import load_glossary

    glossary, _ = load_glossary(load_yaml("glossary.yml", (ROOT / "glossary.yml").read_text(encoding="utf-8")))
    assert set(judgment.parties) == set(judgment.holding) == {"en", "hi", "bn"}
    for fact in ("parties", "decided", "holding", "case_number"):
        assert judgment.source.get(fact), fact
    assert len(judgment.source) >= 4 + len(judgment.reports)
    assert judgment.decided.year >= 1950 and all(r.year >= judgment.decided.year for r in judgment.reports)
    act_names = sorted({n for act in REGISTRY.acts.values() for n in act.all_names() + list(act.title.values())}, key=len, reverse=True)
    for lang, holding in judgment.holding.items():
        assert "\n" not in holding and len(holding) < 600
        for name in act_names:  # statutory names stay as enacted, as on a page (T001)
            holding = holding.replace(name, " " * len(name))
        assert not glossary.find(holding, lang), (lang, [m.text for m in glossary.find(holding, lang)])
    for lang, forms in judgment.names.items():
        for first, second in forms:
            (name,) = find_case_names(f"The court relied on {first} v. {second} here.", CASES)
            assert judgment.id in name.judgments, (lang, first, second)
