"""The language of an article's text, as an ISO 639-1 code, by lingua.

The detector is built once, on first use, in low-accuracy mode: with high accuracy the n-gram
models of these languages take about 950 MB, in low-accuracy mode about 50 MB, and on article-length
text the two agree. Pass the cleaned body, not the raw text: teasers of other articles in other
languages would otherwise outvote a short body.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# European languages, the languages of the region's neighbours and the big world languages. Rare
# languages are left out on purpose: each one added is one more way to misread a short text.
LANGUAGES: tuple[Language, ...] = (
    Language.ENGLISH, Language.GERMAN, Language.FRENCH, Language.SPANISH, Language.ITALIAN,
    Language.PORTUGUESE, Language.DUTCH, Language.POLISH, Language.CZECH, Language.SLOVAK,
    Language.SLOVENE, Language.CROATIAN, Language.SERBIAN, Language.BOSNIAN, Language.MACEDONIAN,
    Language.BULGARIAN, Language.RUSSIAN, Language.UKRAINIAN, Language.BELARUSIAN, Language.ROMANIAN,
    Language.HUNGARIAN, Language.GREEK, Language.ALBANIAN, Language.TURKISH, Language.SWEDISH,
    Language.DANISH, Language.BOKMAL, Language.FINNISH, Language.ESTONIAN, Language.LATVIAN,
    Language.LITHUANIAN, Language.CATALAN, Language.IRISH, Language.ICELANDIC, Language.ARABIC,
    Language.PERSIAN, Language.HEBREW, Language.HINDI, Language.URDU, Language.BENGALI,
    Language.CHINESE, Language.JAPANESE, Language.KOREAN, Language.INDONESIAN, Language.MALAY,
    Language.VIETNAMESE, Language.THAI, Language.SWAHILI, Language.GEORGIAN, Language.ARMENIAN,
    Language.AZERBAIJANI, Language.KAZAKH,
)

MIN_LETTERS = 20  # fewer letters than this say nothing reliable about the language
MIN_CONFIDENCE = 0.4  # below this the best guess is barely ahead of the rest
MAX_CHARS = 1000  # the start of an article decides its language; the rest only costs time
# lingua's time grows with the sample (3.6 ms for 1,000 characters, 1.7 for 400): a first look at
# the first FIRST_CHARS characters decides when it is sure (on the 772 ECB+ texts every English
# first look scores 0.94 and agrees with the whole sample); anything less sure, and the languages
# told apart by word forms below, get the whole sample
FIRST_CHARS = 400
SURE = 0.9

# lingua's Serbian is Cyrillic only, so Serbian in Latin script comes back as Croatian or Bosnian.
# Those two are written in ijekavian ("vrijeme", "gdje") and Serbian mostly in ekavian ("vreme",
# "gde"), and a few words differ ("saopštila" / "priopćila"): such forms tell them apart.
_SERBIAN_FORMS = re.compile(
    r"\b(?:vreme\w*|gde|ovde|posle|pre|deca|dece|dete|mesto|mesta|reč|reči|lep[aoiu]\w*|sledeć\w*|obavešt\w*|"
    r"nedelj\w*|bezbedn\w*|verovat\w*|ceo|celog|celi|svet|svetu|vest|vesti|uspe[hš]\w*|primer\w*|saopšt\w*|"
    r"hiljad\w*|mleko|hleb\w*|voz)\b",
    re.IGNORECASE,
)
_CROATIAN_BOSNIAN_FORMS = re.compile(
    r"\b(?:vrijeme\w*|gdje|ovdje|poslije|prije|djeca|djece|dijete|mjesto|mjesta|riječ\w*|lijep\w*|sljedeć\w*|"
    r"obavješt\w*|nedjelj\w*|bezbjedn\w*|sigurnost\w*|vjerovat\w*|cijel\w*|svijet\w*|vijest\w*|uspje[hš]\w*|"
    r"primjer\w*|priopć\w*|saopć\w*|tisuć\w*|tjedan\w*|zrakoplov\w*|mlijeko|kruh\w*|vlak\w*)\b",
    re.IGNORECASE,
)


_BY_WORD_FORMS = frozenset({Language.CROATIAN, Language.BOSNIAN, Language.SERBIAN})


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).with_low_accuracy_mode().build()


def _reads_serbian(text: str) -> bool:
    serbian = len(_SERBIAN_FORMS.findall(text))
    return serbian >= 2 and serbian > 2 * len(_CROATIAN_BOSNIAN_FORMS.findall(text))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language `text` is written in, or None if too short to tell."""
    sample = text[:MAX_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:  # letters counted without a generator (3x faster)
        return None
    if len(sample) > FIRST_CHARS:
        first = _detector().compute_language_confidence_values(sample[:FIRST_CHARS])
        if first and first[0].value >= SURE and first[0].language not in _BY_WORD_FORMS:
            return first[0].language.iso_code_639_1.name.lower()
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    language = values[0].language
    if language in (Language.CROATIAN, Language.BOSNIAN) and _reads_serbian(sample):
        language = Language.SERBIAN
    return language.iso_code_639_1.name.lower()
