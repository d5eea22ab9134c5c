"""Checks between a source page and its translation (X family, with L008 and T003).

They compare the *facts* of two pages (headings, numbers, citations, links, glossary
concepts), which the engine extracts once per page and caches, so a translation is compared
without re-reading its source.
"""

from __future__ import annotations

from collections import Counter


def _block_heading_line(facts: dict, block: int) -> int:
    headings = facts["headings"]
    if 0 < block <= len(headings):
        return headings[block - 1]["line"]
    return 1


def heading_parity(source: dict, translation: dict, project=None):
    """Reports a translation whose heading structure differs from its source page.

    Why: the language switcher, cross-references and the PDF's table of contents rely on the
    same sections existing in every language; a section dropped or merged in translation is
    content an officer reading Hindi or Bengali never sees.

    Example: the English SOP has "## Registering the FIR" and the Hindi page has no second-level
    heading in its place.
    """
    src, dst = source["headings"], translation["headings"]
    for index in range(max(len(src), len(dst))):
        if index >= len(dst):
            yield 1, 1, f"the source has {len(src)} headings, this translation {len(dst)}; missing: {src[index]['text']!r} (level {src[index]['level']})", None
            return
        if index >= len(src):
            yield dst[index]["line"], 1, "this heading has no counterpart in the source page", None
            return
        if src[index]["level"] != dst[index]["level"]:
            yield dst[index]["line"], 1, f"heading level {dst[index]['level']} where the source has level {src[index]['level']} ({src[index]['text']!r})", None
            return
        if src[index].get("anchor") and dst[index].get("anchor") != src[index]["anchor"]:
            yield dst[index]["line"], 1, f"anchor {dst[index].get('anchor')!r} differs from the source's {src[index]['anchor']!r}", f"{{ #{src[index]['anchor']} }}"
            return


def _by_block(items: list) -> dict:
    blocks: dict = {}
    for item in items:
        blocks.setdefault(item["block"], []).append(item)
    return blocks


def _compare(source: dict, translation: dict, field: str, key, describe, what: str):
    same_structure = [h["level"] for h in source["headings"]] == [h["level"] for h in translation["headings"]]
    src_items, dst_items = source[field], translation[field]
    if same_structure:
        src_blocks, dst_blocks = _by_block(src_items), _by_block(dst_items)
        blocks = sorted(set(src_blocks) | set(dst_blocks))
    else:
        src_blocks, dst_blocks = {0: src_items}, {0: dst_items}
        blocks = [0]
    for block in blocks:
        want = Counter(key(i) for i in src_blocks.get(block, []))
        have = Counter(key(i) for i in dst_blocks.get(block, []))
        for item in dst_blocks.get(block, []):
            k = key(item)
            if have[k] > want[k]:
                have[k] -= 1
                yield item["line"], item["column"], f"{describe(k)} is not in the same place in the source page", None
        missing = want - Counter(key(i) for i in dst_blocks.get(block, []))
        for k, count in sorted(missing.items(), key=lambda kv: str(kv[0])):
            line = _block_heading_line(translation, block) if same_structure else 1
            yield line, 1, f"{describe(k)} in the source is missing from this {what}" + (f" ({count} times)" if count > 1 else ""), None


def number_parity(source: dict, translation: dict, project=None):
    """Reports a number in the source that the translation lacks or changes, compared by value.

    Why: ages, time limits ("within 24 hours"), helpline numbers and amounts of compensation
    are where a translation error harms someone. Native digits compare by value with ASCII
    digits: ३७० is 370. Numbers are compared section by section when the headings match.

    Example: "produce the child within 24 hours" translated as "१२ घंटे के भीतर".
    """
    yield from _compare(source, translation, "numbers", lambda n: n["value"], lambda v: f"the number {v}", "section")


def translation_citations(source: dict, translation: dict, project=None):
    """Reports a legal citation that the translation drops or changes from the same place in the source.

    Why: a translator who drops "(now Section 143 BNS)" or turns 370 into 307 changes the
    law an officer applies. Citations are compared by act and section, section by section.

    Example: the English paragraph cites IPC 370 and BNS 143; the Hindi one only धारा 370.
    """
    yield from _compare(
        source, translation, "citations", lambda c: (c["act"], c["section"]),
        lambda k: f"{k[0] or 'a provision'} {k[1]}", "section of the translation",
    )


def link_parity(source: dict, translation: dict, project=None):
    """Reports a link or image in the source that its translation lacks, or one it adds.

    Why: links to checklists, forms and the compendium are part of an SOP's procedure; a
    translation without them is a different procedure.

    Example: the English page links to ``checklists/rescue.md`` and the Bengali page does not.
    """
    yield from _compare(source, translation, "links", lambda l: l["target"], lambda t: f"the link to {t!r}", "page")


def translation_term(source: dict, translation: dict, project):
    """Reports a glossary concept that the source uses but the translation does not name by its preferred term.

    Why: translators need each concept translated the same way everywhere; an officer who
    reads "बचाव अभियान" in one chapter and "छुड़ाने की कार्रवाई" in the next cannot tell they are the
    same procedure. The concept's preferred term (or an accepted alias) in the translation's
    language must appear on the translated page.

    Example: the English page says "rescue operation" and the Hindi page never says "बचाव अभियान".
    """
    missing = [c for c in source["concepts"] if c not in translation["concepts"]]
    lang = translation["lang"]
    for concept in missing:
        entry = project.glossary.by_id(concept)
        preferred = entry.preferred.get(lang) if entry else None
        if preferred:
            yield 1, 1, f"the source uses the glossary concept {concept!r}; use its preferred term {preferred!r} here", preferred
