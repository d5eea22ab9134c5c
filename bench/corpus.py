"""A deterministic corpus of knowledge-product chapters for benchmarks.

``python bench/corpus.py OUT --chapters 100 --seed 1`` writes OUT/docs/{en,hi,bn}/product-P/chN.md,
20 chapters to a product (with headings, lists, tables, citations in the forms writers use,
glossary terms and planted slips), OUT/glossary.yml, OUT/legal_refs.yml, OUT/pyproject.toml,
OUT/mkdocs.yml, and OUT/planted.json listing every planted slip (file, line, term, how it was
written).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

CITATIONS = {
    "en": ["Section 143 BNS (formerly Section 370 IPC)", "u/s 15 of the ITPA", "Sections 3 to 6 of the ITPA",
           "Section 183 BNSS (formerly Section 164 CrPC)", "Art. 3(a) of the Trafficking Protocol", "Section 31 of the JJ Act"],
    "hi": ["भारतीय न्याय संहिता की धारा 143 (पूर्व में भारतीय दंड संहिता की धारा 370)", "आईटीपीए की धारा १५",
           "धारा 183 बीएनएसएस (पूर्व में धारा 164 सीआरपीसी)", "किशोर न्याय अधिनियम की धारा 31"],
    "bn": ["ভারতীয় ন্যায় সংহিতার ধারা ১৪৩ (পূর্বে ভারতীয় দণ্ডবিধির ধারা ৩৭০)", "আইটিপিএর ধারা ১৫",
           "ধারা ১৮৩ বিএনএসএস (পূর্বে ধারা ১৬৪ সিআরপিসি)", "কিশোর বিচার আইনের ধারা ৩১"],
}
SENTENCES = {
    "en": ["The investigating officer records the information without delay.",
           "Every person found at the premises is treated as a potential victim.",
           "The team includes women police officers and an interpreter.",
           "Produce the child before the Child Welfare Committee within 24 hours.",
           "Seize phones, ledgers and identity documents and list them on the spot."],
    "hi": ["अन्वेषण अधिकारी सूचना को बिना देरी के दर्ज करता है।",
           "परिसर में पाए गए हर व्यक्ति को संभावित पीड़ित माना जाता है।",
           "दल में महिला पुलिस अधिकारी और एक दुभाषिया शामिल होते हैं।",
           "बच्चे को 24 घंटे के भीतर बाल कल्याण समिति के समक्ष प्रस्तुत करें।",
           "फ़ोन, बही-खाते और पहचान दस्तावेज़ ज़ब्त करें और मौके पर सूची बनाएँ।"],
    "bn": ["তদন্তকারী অফিসার দেরি না করে তথ্য নথিভুক্ত করেন।",
           "প্রাঙ্গণে পাওয়া প্রত্যেক ব্যক্তিকে সম্ভাব্য ভুক্তভোগী হিসেবে গণ্য করা হয়।",
           "দলে মহিলা পুলিশ অফিসার ও একজন দোভাষী থাকেন।",
           "শিশুকে ২৪ ঘণ্টার মধ্যে শিশু কল্যাণ কমিটির সামনে হাজির করুন।",
           "ফোন, হিসাবের খাতা ও পরিচয়পত্র বাজেয়াপ্ত করে ঘটনাস্থলেই তালিকা করুন।"],
}
HEADINGS = {"en": ["Purpose", "Steps", "Checklist", "Records"], "hi": ["उद्देश्य", "कदम", "जाँच-सूची", "अभिलेख"],
            "bn": ["উদ্দেশ্য", "পদক্ষেপ", "চেকলিস্ট", "নথি"]}
ANCHORS = ["purpose", "steps", "checklist", "records"]


def avoided_forms(lang: str) -> list[str]:
    glossary = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))
    forms = []
    for concept in glossary["concepts"]:
        for item in (concept.get("avoid") or {}).get(lang, []):
            if item.get("severity", concept.get("severity")) in ("error", "warning"):
                forms.extend([item["term"], *item.get("forms", [])])
    return sorted(set(forms))


def disguise(term: str, how: str) -> str:
    """The slip as a writer's editor may have saved it."""
    if how == "nfd":
        return unicodedata.normalize("NFD", term)
    if how == "joiner" and len(term) > 2:
        return term[:2] + "\u200c" + term[2:]
    if how == "linebreak" and " " in term:
        return term.replace(" ", "\n", 1)
    return term


def chapter(lang: str, number: int, rng: random.Random, forms: list[str], planted: list, path: str) -> str:
    lines = ["---", f"title: Chapter {number}", "---", "", f"# {HEADINGS[lang][0]} {number} {{ #chapter-{number} }}", ""]
    for index, heading in enumerate(HEADINGS[lang]):
        lines += [f"## {heading} {{ #{ANCHORS[index]} }}", ""]
        paragraph = [rng.choice(SENTENCES[lang]) for _ in range(3)]
        paragraph.insert(1, f"{rng.choice(CITATIONS[lang])}.")
        slip = None
        if rng.random() < 0.5:
            how = rng.choice(["plain", "nfd", "joiner", "linebreak"])
            term = rng.choice(forms)
            paragraph.insert(2, disguise(term, how) + ".")
            slip = {"path": path, "term": term, "how": how}
        text = " ".join(paragraph)
        if slip:
            before = text[: text.index(paragraph[2])]
            slip["line"] = sum(line.count("\n") + 1 for line in lines) + 1 + before.count("\n")
            planted.append(slip)
        lines += [text, ""]
        lines += [f"- {rng.choice(SENTENCES[lang])}" for _ in range(3)] + [""]
        if index == 2:
            lines += ["| # | " + HEADINGS[lang][1] + " |", "|---|---|"]
            lines += [f"| {i} | {rng.choice(SENTENCES[lang])} |" for i in range(1, 4)] + [""]
        lines += ["```", "code is not prose: " + rng.choice(forms), "```", ""]
    return "\n".join(lines)


PRODUCT_SIZE = 20
"""Chapters per knowledge product, as in a library of SOPs and manuals (the project's own SOP
has 11 chapters, its manual 8): a product's whole PDF holds its chapters."""


def chapter_path(lang: str, number: int) -> str:
    return f"docs/{lang}/product-{(number - 1) // PRODUCT_SIZE + 1:03d}/ch{number:04d}.md"


def generate(out: Path, chapters: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in ("glossary.yml", "legal_refs.yml"):
        shutil.copy(ROOT / name, out / name)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (out / "pyproject.toml").write_text('[tool.kp]\ndocs_dir = "docs"\n', encoding="utf-8")
    planted: list = []
    for lang in ("en", "hi", "bn"):
        forms = avoided_forms(lang)
        (out / "docs" / lang).mkdir(parents=True)
        (out / "docs" / lang / "index.md").write_text(f"# {HEADINGS[lang][0]} {{ #home }}\n\n{SENTENCES[lang][0]}\n", encoding="utf-8")
        for number in range(1, chapters + 1):
            path = chapter_path(lang, number)
            (out / path).parent.mkdir(exist_ok=True)
            (out / path).write_text(chapter(lang, number, rng, forms, planted, path), encoding="utf-8")
    manifest = {"chapters_per_language": chapters, "seed": seed, "planted": planted}
    (out / "planted.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--chapters", type=int, default=100, help="chapters per language (10 to 2000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    manifest = generate(args.out, args.chapters, args.seed)
    print(f"{args.chapters} chapters per language, {len(manifest['planted'])} planted slips, in {args.out}")


if __name__ == "__main__":
    main()
