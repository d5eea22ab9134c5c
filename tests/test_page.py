"""Reading Markdown into prose segments with exact lines and columns (in characters)."""

import pytest

from kp.page import PLACEHOLDER, FrontMatterError, read_page, split_front_matter


def segments(source: str, lang: str = "en"):
    meta, body = split_front_matter(source)
    page = read_page("page.md", body, lang, meta)
    return page, page.segments


def where(page, source: str, needle: str) -> tuple[int, int]:
    """Line and column of ``needle`` as found by the reader, checked against the raw text."""
    for segment in page.segments:
        index = segment.text.find(needle)
        if index >= 0:
            offset = segment.offset(index)
            assert source[offset : offset + len(needle)] == needle
            return page.position(offset)
    raise AssertionError(f"{needle!r} not in any segment")


def by_hand(source: str, needle: str) -> tuple[int, int]:
    """Line and column (in characters) of the first ``needle``, counted independently."""
    for number, line in enumerate(source.split("\n"), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


SOURCE = """\
---
title: परीक्षण
---
# धारा ३७० और क़ानून { #section-370 }

> उद्धृत पंक्ति, जिसमें ड़ और क़ हैं
> दूसरी `वेश्या` पंक्ति

- সূচিপত্র [লিংক পাঠ](https://example.org/x "t") এবং ![বিকল্প পাঠ](a.png)
  র\u200d্যাব \\* &amp; শেষ

| কলাম এক | কলাম `দুই` |
|---|---|
| প্রথম ঘর | দ্বিতীয় ঘর |

!!! warning "সতর্কতা"
    ভেতরের পাঠ www.example.org/path দেখুন।

<!-- kp-ignore T001: কারণ -->
Plain text <https://auto.example> end

```
code वेश्या
```

    indented code वेश्या
"""


def test_scopes_and_positions_in_three_scripts():
    page, segs = segments(SOURCE, "hi")
    scopes = [s.scope for s in segs]
    assert scopes == [
        "heading", "paragraph", "paragraph", "table_cell", "table_cell", "table_cell", "table_cell",
        "admonition_title", "paragraph", "paragraph",
    ]
    assert where(page, SOURCE, "क़ानून") == by_hand(SOURCE, "क़ानून")
    assert where(page, SOURCE, "उद्धृत") == by_hand(SOURCE, "उद्धृत")
    assert where(page, SOURCE, "क़ हैं") == by_hand(SOURCE, "क़ हैं")
    assert where(page, SOURCE, "লিংক পাঠ") == by_hand(SOURCE, "লিংক পাঠ")
    assert where(page, SOURCE, "বিকল্প পাঠ") == by_hand(SOURCE, "বিকল্প পাঠ")
    assert where(page, SOURCE, "শেষ") == by_hand(SOURCE, "শেষ")
    assert where(page, SOURCE, "দ্বিতীয় ঘর") == by_hand(SOURCE, "দ্বিতীয় ঘর")
    assert where(page, SOURCE, "সতর্কতা") == by_hand(SOURCE, "সতর্কতা")
    assert where(page, SOURCE, "ভেতরের") == by_hand(SOURCE, "ভেতরের")
    assert segs[1].containers == ("blockquote",)
    assert segs[2].containers == ("list_item",)


def test_code_urls_comments_and_front_matter_are_not_prose():
    page, segs = segments(SOURCE, "hi")
    prose = "\n".join(s.text for s in segs)
    assert "वेश्या" not in prose  # inline, fenced and indented code
    assert "example.org" not in prose and "auto.example" not in prose
    assert "kp-ignore" not in prose
    assert "परीक्षण" not in prose  # front matter
    assert "section-370" not in prose  # attribute list
    assert PLACEHOLDER in segs[1].text
    assert page.meta == {"title": "परीक्षण"}


def test_headings_links_and_comments_are_collected():
    page, _ = segments(SOURCE, "hi")
    assert [(h.level, h.text, h.anchor) for h in page.headings] == [(1, "धारा ३७० और क़ानून", "section-370")]
    assert [link.target for link in page.links] == ["https://example.org/x", "a.png", "https://auto.example"]
    assert [c.body.strip() for c in page.comments] == ["kp-ignore T001: কারণ"]


def test_link_text_and_image_alt_are_marked():
    page, segs = segments(SOURCE, "bn")
    item = segs[2]
    kinds = {(item.text[s.start : s.end], s.kind) for s in item.spans}
    assert kinds == {("লিংক পাঠ", "link_text"), ("বিকল্প পাঠ", "image_alt")}


def test_escapes_and_entities_map_to_their_source():
    source = "Text with \\*stars\\* &amp; more\n"
    page, segs = segments(source)
    assert segs[0].text == "Text with *stars* & more"
    assert where(page, source, "more") == (1, 27)


@pytest.mark.parametrize("front, message", [("---\n- a\n- b\n---\ntext\n", "mapping"), ("---\ntitle: [\n---\ntext\n", "YAML")])
def test_bad_front_matter_is_an_error_with_a_line(front, message):
    with pytest.raises(FrontMatterError) as error:
        split_front_matter(front)
    assert message in str(error.value)
    assert error.value.line >= 1


def test_front_matter_keeps_line_numbers():
    meta, body = split_front_matter("---\na: 1\n---\nline four\n")
    assert meta == {"a": 1}
    assert body.split("\n")[3] == "line four"
