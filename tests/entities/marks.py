"""Sample reports in our own words whose names are marked [like this|LABEL]: the marks become the
article's mentions (for tests of resolution and the index that do not need the spaCy pass)."""

from __future__ import annotations

import re

from newsfuse.models import Article, Mention

_MARK = re.compile(r"\[([^|\]]+)\|([A-Z]+)\]")


def marked_article(article_id: str, marked: str, *, source: str | None = None, story_id: str | None = None) -> Article:
    mentions, out, pos = [], [], 0
    for m in _MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        start = sum(map(len, out))
        out.append(m.group(1))
        mentions.append(Mention(article_id, start, start + len(m.group(1)), m.group(1), m.group(2)))
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    return Article(id=article_id, path=f"{article_id}.txt", raw=text, text=text, source=source,
                   story_id=story_id, mentions=mentions)
