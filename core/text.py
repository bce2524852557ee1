"""Arabic-aware text normalization: one function for what is indexed and what is searched."""

import re
import unicodedata

from django.utils.translation import get_language

# Arabic diacritics (harakat, tanween, shadda, sukun, dagger alef) and the tatweel.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        # Arabic-Indic and Eastern Arabic-Indic digits to ASCII digits.
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)
_SPACE = re.compile(r"\s+")


def normalize(text: str | None) -> str:
    """Fold text for matching: case, Latin accents, Arabic letter variants, digits, spaces.

    "Égypte", "EGYPTE" and "egypte" meet; so do "مصر", "مِصْر" and "مــصر"; "إدارة" meets
    "اداره"; "٢٠٢٤" meets "2024".
    """
    if not text:
        return ""
    text = _DIACRITICS.sub("", text)
    text = text.translate(_LETTERS)
    # Strip Latin combining accents but keep Arabic letters intact (NFKD would split lam-alef
    # ligatures into their letters, which is what we want as well).
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = text.translate(_LETTERS)
    return _SPACE.sub(" ", text).strip().casefold()


def bilingual(english: str, arabic: str) -> str:
    """The text in the active language, falling back to the other one when it is empty."""
    if (get_language() or "en").startswith("ar"):
        return arabic or english
    return english or arabic
