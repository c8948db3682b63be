"""Text a picture can show: names in scripts kg's font does not cover are transliterated, never drawn as boxes.

Pictures are drawn in DejaVu Sans, the font matplotlib ships (so a picture is the same bytes
on any machine: kg never picks a system font, which a fresh CI machine may not have). It
covers Latin, Greek, Cyrillic, Arabic, Hebrew and many symbols, not Devanagari, CJK or Thai.
A name with characters it lacks would be drawn as empty boxes, with a ``UserWarning: Glyph
… missing from font(s)`` printed for each; instead each run of such characters is
transliterated to ASCII with `anyascii <https://pypi.org/project/anyascii/>`_ (``काफ़ी`` →
``kaph'i``, ``北京`` → ``BeiJing``), and characters with no transliteration are dropped. The
interactive view (HTML) shows names as they are: a browser has fonts for every script.

Measured on the 284-article Wikinews graph: 2 of its 3,575 labels (both Devanagari) need it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_FAMILY = "DejaVu Sans"


@cache
def covered() -> frozenset[int]:
    """The code points DejaVu Sans (matplotlib's own copy) has glyphs for."""
    import matplotlib
    from matplotlib.ft2font import FT2Font

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    return frozenset(FT2Font(str(path)).get_charmap())


def drawable(text: str) -> str:
    """``text`` with each run of characters the font lacks transliterated (or dropped when there is none).

    Examples
    --------
    >>> drawable("Vladimir Putin → Iran")
    'Vladimir Putin → Iran'
    >>> drawable("काफ़ी"), drawable("北京 talks")
    ("kaph'i", 'BeiJing talks')
    """
    have = covered()
    if all(ord(c) in have or c in "\n\t" for c in text):
        return text
    from anyascii import anyascii

    out: list[str] = []
    run: list[str] = []
    for c in text + "\n":
        if ord(c) in have or c in "\n\t":
            if run:
                out.append("".join(ch for ch in anyascii("".join(run)) if ord(ch) in have))
                run = []
            out.append(c)
        else:
            run.append(c)
    return "".join(out)[:-1].strip() or "?"
