"""Make the theme's font files: Latin subsets of Inter and Noto Serif (SIL OFL 1.1).

The theme ships these subsets so that every machine renders the brief with the
same fonts, in text and in charts, without installing anything. Run once when
the font set changes (needs Debian's fonts-inter and fonts-noto-core):

    python scripts/subset_fonts.py templates/fonts
"""

import sys
from pathlib import Path

from fontTools import subset

SOURCES = {
    "Inter-Regular.otf": "/usr/share/fonts/opentype/inter/Inter-Regular.otf",
    "Inter-SemiBold.otf": "/usr/share/fonts/opentype/inter/Inter-SemiBold.otf",
    "Inter-Bold.otf": "/usr/share/fonts/opentype/inter/Inter-Bold.otf",
    "NotoSerif-Regular.ttf": "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
    "NotoSerif-Italic.ttf": "/usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf",
    "NotoSerif-Bold.ttf": "/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf",
}

# Basic Latin, Latin-1, Latin Extended-A (names such as López-Gómez, Łódź),
# general punctuation, superscripts, currency signs, letterlike symbols,
# arrows, and the minus and multiplication signs used in charts.
UNICODES = "U+0020-007E,U+00A0-017F,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2212,U+00D7,U+2248,U+2264,U+2265"


def main(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name, source in SOURCES.items():
        options = subset.Options()
        # Kerning, ligatures, tabular and lining figures; hinting dropped: the
        # PDF is vector and screens hint on their own, and it halves the size.
        options.layout_features = ["kern", "liga", "calt", "ccmp", "locl", "mark", "mkmk", "tnum", "lnum"]
        options.hinting = False
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(source, options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        subset.save_font(font, str(target / name), options)
        print(name, (target / name).stat().st_size)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
