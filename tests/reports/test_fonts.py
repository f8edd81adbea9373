"""The fonts shipped for the reports hold every letter the council's languages need, under an open licence."""

import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent.parent
REPORTS_STATIC = ROOT / "static" / "reports"
FONTS = ROOT / "static" / "fonts"

RUSSIAN = [chr(c) for c in range(ord("А"), ord("я") + 1)] + ["Ё", "ё"]  # А-Я, а-я (U+0410-U+044F), Ёё
KAZAKH = list("ҒғҚқҢңӨөҰұҮүҺһӘәІі")
KYRGYZ = list("ҢңӨөҮү")
TAJIK = list("ҒғҶҷӢӣҚқӮӯҲҳ")
TURKMEN = list("ŇňŞşÝýŽžÄäÖöÜüÇç")
# Uzbek Latin writes Oʻ and Gʻ with U+02BB (modifier letter turned comma) and the tutuq belgisi with U+2019.
UZBEK = ["\u02bb", "\u2019", "O", "o", "G", "g", "Sh", "Ch"]
NEEDED = sorted({letter for text in RUSSIAN + KAZAKH + KYRGYZ + TAJIK + TURKMEN + UZBEK for letter in text})

STYLES = ["Regular", "Bold", "Italic", "BoldItalic"]


def test_every_needed_letter_is_listed():
    assert len(RUSSIAN) == 66
    assert "\u02bb" in NEEDED and "\u2019" in NEEDED
    assert {"Ҷ", "ҷ", "Ӣ", "ӣ", "Ӯ", "ӯ", "Ҳ", "ҳ"} <= set(NEEDED)


@pytest.mark.parametrize("style", STYLES)
def test_each_style_holds_every_letter_of_the_councils_languages(style):
    font = TTFont(FONTS / f"NotoSans-{style}.ttf", lazy=True)
    cmap = font.getBestCmap()

    missing = [f"U+{ord(letter):04X} {letter}" for letter in NEEDED if ord(letter) not in cmap]

    assert not missing, f"NotoSans-{style} lacks {missing}"
    assert font["OS/2"].fsType & 0x0002 == 0, "the licence of the font must allow embedding (fsType not restricted)"


def test_the_open_font_licence_ships_beside_the_fonts():
    licence = (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence
    assert "Version 1.1" in licence
    for style in STYLES:
        assert f"NotoSans-{style}.ttf" in licence
        name = TTFont(FONTS / f"NotoSans-{style}.ttf", lazy=True)["name"]
        assert "Open Font License" in name.getDebugName(13)  # the licence the font itself declares


def test_the_stylesheet_declares_each_style_from_the_shipped_files():
    css = (REPORTS_STATIC / "reports.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*{(.*?)}", css, re.S)

    declared = {}
    for face in faces:
        [family] = re.findall(r'font-family:\s*"([^"]+)"', face)
        [src] = re.findall(r'src:\s*url\("([^"]+)"\)', face)
        [weight] = re.findall(r"font-weight:\s*(\w+)", face)
        [style] = re.findall(r"font-style:\s*(\w+)", face)
        assert (REPORTS_STATIC / src).is_file(), src
        declared[(weight, style)] = (family, src)

    assert declared == {
        ("normal", "normal"): ("Report Sans", "../fonts/NotoSans-Regular.ttf"),
        ("bold", "normal"): ("Report Sans", "../fonts/NotoSans-Bold.ttf"),
        ("normal", "italic"): ("Report Sans", "../fonts/NotoSans-Italic.ttf"),
        ("bold", "italic"): ("Report Sans", "../fonts/NotoSans-BoldItalic.ttf"),
    }
    # The margin boxes (running headers and footers) name the family too.
    page = css[css.index("@page") :]
    assert re.search(r"@bottom-center\s*{[^}]*Report Sans", page)
