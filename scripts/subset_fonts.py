"""Make the theme's font files: Latin subsets of Inter and Noto Serif (SIL OFL 1.1),
renamed "Briefgen Sans" and "Briefgen Serif".

The theme ships these subsets so that every machine renders the brief with the
same fonts, in text and in charts, without installing anything. The new family
names keep an installed Inter or Noto Serif from ever standing in for them (in
WeasyPrint's font matching or matplotlib's). Run once when the font set changes
(needs Debian's fonts-inter and fonts-noto-core):

    python scripts/subset_fonts.py templates/fonts
"""

import sys
from pathlib import Path

from fontTools import subset

SOURCES = {
    "BriefgenSans-Regular.otf": "/usr/share/fonts/opentype/inter/Inter-Regular.otf",
    "BriefgenSans-SemiBold.otf": "/usr/share/fonts/opentype/inter/Inter-SemiBold.otf",
    "BriefgenSans-Bold.otf": "/usr/share/fonts/opentype/inter/Inter-Bold.otf",
    "BriefgenSerif-Regular.ttf": "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
    "BriefgenSerif-Italic.ttf": "/usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf",
    "BriefgenSerif-Bold.ttf": "/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf",
}
RENAMES = {"Inter": "Briefgen Sans", "Noto Serif": "Briefgen Serif"}

# Basic Latin, Latin-1, Latin Extended-A (names such as López-Gómez, Łódź),
# general punctuation, superscripts, currency signs, letterlike symbols,
# arrows, and the minus and multiplication signs used in charts.
UNICODES = "U+0020-007E,U+00A0-017F,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2212,U+00D7,U+2248,U+2264,U+2265"


def rename(font: subset.ttLib.TTFont) -> None:
    """Give the family its new name everywhere a font matcher looks."""
    for record in font["name"].names:
        text = record.toUnicode()
        for old, new in RENAMES.items():
            if record.nameID == 6:  # PostScript name: no spaces
                text = text.replace(old.replace(" ", ""), new.replace(" ", ""))
            elif record.nameID in (1, 3, 4, 16, 18, 21):
                text = text.replace(old, new)
        record.string = text
    if "CFF " in font:
        cff = font["CFF "].cff
        for top in cff.topDictIndex:
            for key in ("FamilyName", "FullName"):
                value = getattr(top, key, None)
                if value:
                    for old, new in RENAMES.items():
                        value = value.replace(old, new)
                    setattr(top, key, value)
        cff.fontNames = [n.replace("Inter", "BriefgenSans") for n in cff.fontNames]


def main(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name, source in SOURCES.items():
        options = subset.Options()
        # Kerning, ligatures, tabular and lining figures; hinting dropped: the
        # PDF is vector and screens hint on their own, and it halves the size.
        options.layout_features = [
            "kern",
            "liga",
            "calt",
            "ccmp",
            "locl",
            "mark",
            "mkmk",
            "tnum",
            "lnum",
        ]
        options.hinting = False
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(source, options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        rename(font)
        subset.save_font(font, str(target / name), options)
        # A WOFF2 twin, half the size, for the self-contained HTML page.
        font.flavor = "woff2"
        font.save(str((target / name).with_suffix(".woff2")))
        print(name, (target / name).stat().st_size, (target / name).with_suffix(".woff2").stat().st_size)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
