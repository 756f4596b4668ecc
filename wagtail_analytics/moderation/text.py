"""Comment text: normalisation and length as readers perceive it.

"512 characters" means 512 user-perceived characters (extended grapheme clusters,
Unicode UAX #29) after NFC and newline normalisation: an emoji with skin tone, a flag, or
a letter with accents counts once, exactly as the browser's ``Intl.Segmenter`` counts.
"""

import unicodedata

import regex

LENGTH_UNIT = "grapheme_clusters"
_GRAPHEME = regex.compile(r"\X")


def normalize_text(text):
    """NFC, and every line break as ``\\n``. Nothing else is changed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return unicodedata.normalize("NFC", text)


def grapheme_length(text):
    """The number of user-perceived characters."""
    return len(_GRAPHEME.findall(text))


def is_blank(text):
    """True for text with nothing visible (whitespace and invisible format characters)."""
    return not any(
        not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs", "Zl", "Zp")
        for ch in text
    )


def has_forbidden_characters(text):
    """True for NUL and other control characters (tab and newline are fine)."""
    return any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text)
