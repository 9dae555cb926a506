"""Token-level XML (ECB+, MEANTIME) as plain text, with each token's character offsets."""

from __future__ import annotations

import xml.etree.ElementTree as ET

_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'", "n't", "''", "'re",
                              "'ve", "'ll", "'d", "'m", "...", "”", "’"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``", "“", "#", "£", "€"})

Offsets = dict[str, tuple[int, int, int]]  # t_id -> (start, end, sentence)


def detokenize(root: ET.Element, *, glue_punctuation: bool = False) -> tuple[str, Offsets, list[int]]:
    """The `<token>`s as text, one sentence per line, and each token's (start, end, sentence).

    Tokens are joined by single spaces; with `glue_punctuation`, with the usual spacing around
    punctuation and quotes instead ("said , `` we" reads "said, \"we").
    """
    parts: list[str] = []
    offsets: Offsets = {}
    sentence_starts: list[int] = []
    position, current, previous, open_quote = 0, None, "", False
    for token in root.iter("token"):
        sentence = int(token.get("sentence", "0"))
        word = token.text or ""
        if sentence != current:
            if current is not None:
                parts.append("\n")
                position += 1
            sentence_starts.append(position)
            current, previous, open_quote = sentence, "", False
        elif not (glue_punctuation and _glued(word, previous, open_quote)):
            parts.append(" ")
            position += 1
        if word == '"':
            open_quote = not open_quote
        offsets[token.get("t_id")] = (position, position + len(word), sentence)
        parts.append(word)
        position += len(word)
        previous = word
    return "".join(parts), offsets, sentence_starts


def _glued(word: str, previous: str, open_quote: bool) -> bool:
    return (word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER or (previous == '"' and open_quote)
            or (word == '"' and open_quote))
