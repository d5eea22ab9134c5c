"""Unicode folding, word boundaries and digits for English, Hindi and Bengali."""

import unicodedata

import pytest
import regex

from kp.text import fold, parse_number, term_pattern, to_native_digits


def find(term: str, text: str) -> list[str]:
    folded = fold(text)
    pattern = regex.compile(term_pattern([fold(term).text]))
    return [text.__getitem__(slice(*folded.span(m.start(), m.end()))) for m in pattern.finditer(folded.text)]


@pytest.mark.parametrize(
    "term, text, expected",
    [
        ("भारत", "भारतीय दंड संहिता", []),  # not inside a longer word (re's \b would match)
        ("भारत", "भारत सरकार", ["भारत"]),
        ("वेश्या", "वेश्यागृह बंद किया गया", []),
        ("वेश्या", "उसे वेश्या कहा गया।", ["वेश्या"]),  # followed by a danda
        ("दंड", "दंड प्रक्रिया", ["दंड"]),  # ends in a vowel sign (anusvara)
        ("बच्ची", "बच्चियों", []),
        ("পতিতা", "পতিতাদের", []),
        ("পতিতা", "সে পতিতা নয়", ["পতিতা"]),
        ("child prostitute", "a child\nprostitute was", ["child\nprostitute"]),  # across a line break
        ("raid", "raided", []),
        ("Raid", "The RAID began", ["RAID"]),
    ],
)
def test_whole_words_on_indic_boundaries(term, text, expected):
    assert find(term, text) == expected


def test_nukta_letters_match_in_either_encoding():
    precomposed = "\u095c"  # ड़ as one code point, which NFC decomposes
    decomposed = "\u0921\u093c"
    text = f"छे{precomposed}खानी"
    assert find(f"छे{decomposed}खानी", text) == [text]
    assert find(text, f"छे{decomposed}खानी") == [f"छे{decomposed}खानी"]


def test_bengali_two_part_vowel_sign_matches_composed():
    composed = "প্রতিরোধ"
    split = unicodedata.normalize("NFD", composed)
    assert split != composed
    assert find(composed, split) == [split]


def test_joiners_are_ignored_for_matching_and_kept_in_text():
    with_zwnj = "র\u200d্যাব"
    plain = "র্যাব"
    found = find(plain, f"এই {with_zwnj} দল")
    assert found == [with_zwnj]


def test_fold_maps_back_to_original_positions():
    text = "धारा ३७०\u200c का"
    folded = fold(text)
    assert folded.text == "धारा 370 का"
    start = folded.text.index("370")
    assert text[slice(*folded.span(start, start + 3))] == "३७०"


@pytest.mark.parametrize(
    "digits, value",
    [("370", 370), ("३७०", 370), ("৩৭০", 370), ("३7०", None), ("", None), ("৩৭0", None)],
)
def test_numbers_in_one_script_only(digits, value):
    assert parse_number(digits) == value


def test_native_digits():
    assert to_native_digits("धारा 370", "hi") == "धारा ३७०"
    assert to_native_digits("ধারা 370", "bn") == "ধারা ৩৭০"
    assert to_native_digits("Section 370", "en") == "Section 370"
