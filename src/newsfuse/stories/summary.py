"""Which sentences sum a story up: the extractive selection behind a story's brief.

Every chosen sentence is a sentence of an article, chosen for centrality (how much of the story it
shares with other outlets' reports) and for being confirmed by several outlets; for each, the
sentences of other outlets that confirm it. Ties are broken by article order and offset, so the
same articles always give the same selection.

The story analysis stores the selection as the story's "summary" document, stamped with a
fingerprint of the articles it was chosen from; a reader that finds the fingerprint of the
articles it has takes the stored selection instead of comparing every sentence again (the
comparison is most of the cost of a story page).
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from newsfuse.models import Article
from newsfuse.text.tense import sentence_spans as _sentence_spans

SUMMARY_VERSION = 1  # bump when the selection changes: stored selections of an older version are not used
MAX_SENTENCES = 5
CONFIRM_SIMILARITY = 0.3  # a sentence of another outlet at least this similar confirms it
DUPLICATE_SIMILARITY = 0.35  # a candidate this similar to a chosen sentence says the same thing
MIN_WORDS, MAX_WORDS = 8, 60
# At most this many sentences are compared, pair by pair (a dense matrix of n² similarities: 2,000
# sentences take 32 MB, the 8,800 of a 1,000,000-character article took 620 MB a copy and 2 GB in all).
# A longer story is summarized from each article's first sentences, an equal share each (news puts
# what matters first); shorter stories are read whole, as before.
MAX_COMPARED = 2_000

Span = tuple[str, int, int]  # article id, start, end of a sentence in the article's text
Selection = list[list[Span]]  # per chosen sentence: the sentence itself, then the sentences confirming it


_SPANS: OrderedDict[str, tuple[tuple[int, int], ...]] = OrderedDict()
_SPANS_KEPT = 8192
_spans_lock = threading.Lock()


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of a text; remembered, as every citation needs them again."""
    with _spans_lock:
        spans = _SPANS.get(text)
        if spans is not None:
            _SPANS.move_to_end(text)
            return spans
    spans = tuple(_sentence_spans(text))
    _remember(text, spans)
    return spans


def _remember(text: str, spans: tuple[tuple[int, int], ...]) -> None:
    with _spans_lock:
        _SPANS[text] = spans
        _SPANS.move_to_end(text)
        while len(_SPANS) > _SPANS_KEPT:
            _SPANS.popitem(last=False)


_WORD_RE = re.compile(r"[^\W\d_]+|\d[\d,.]*\d|\d")
_STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from as into onto over under about after before "
    "between during since until than that this these those there their they them he she it its his her "
    "we our you your i me my be is are was were been being has have had do does did will would shall "
    "should can could may might must not no nor so such very also just only more most some any all each "
    "who whom whose which what when where why how said says say told according".split()
)


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.casefold())
    word = "".join(c for c in word if not unicodedata.combining(c)).replace(",", "")
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _terms(text: str) -> Counter:
    terms = Counter(map(_fold, _WORD_RE.findall(text)))
    for word in _STOPWORDS.intersection(terms):
        del terms[word]
    return terms


@dataclass(slots=True)
class _Sentence:
    article: Article
    outlet_key: str
    index: int  # position in its article
    start: int
    end: int
    words: int

    @property
    def span(self) -> Span:
        return (self.article.id, self.start, self.end)


def outlet_key(article: Article) -> str:
    # unattributed reports are independent of each other as far as anyone can tell
    return article.source.casefold() if article.source else "#" + article.id


def _outlet_name(article: Article) -> str:
    return article.source or "unattributed"


def _sentences(articles: list[Article]) -> list[_Sentence]:
    spans = [sentence_spans(article.text) for article in articles]
    total = sum(map(len, spans))
    share = total if total <= MAX_COMPARED else max(2, MAX_COMPARED // max(len(articles), 1))
    # past MAX_COMPARED // 2 articles even two sentences each are too many: the first articles' leads
    compared = [(article, index, start, end) for article, found in zip(articles, spans)
                for index, (start, end) in enumerate(found[:share])][:MAX_COMPARED]
    return [_Sentence(article, outlet_key(article), index, start, end, len(article.text[start:end].split()))
            for article, index, start, end in compared]


def _similarities(sentences: list[_Sentence]) -> np.ndarray:
    """Cosine similarity of every pair of sentences' TF-IDF vectors (log-scaled term frequency).

    A sparse product: dense BLAS products of these small matrices start threads that cost far
    more than the arithmetic on a two-core machine.
    """
    vocabulary: dict[str, int] = {}
    rows, cols, weights = [], [], []
    for row, sentence in enumerate(sentences):
        for term, tf in _terms(sentence.article.text[sentence.start:sentence.end]).items():
            rows.append(row)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
            weights.append(1 + math.log(tf))
    n = len(sentences)
    if not rows:
        return np.zeros((n, n))
    cols_a = np.array(cols)
    data = np.array(weights) * np.log((1 + n) / (1 + np.bincount(cols_a)))[cols_a]
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=n))
    data /= np.where(norms == 0, 1.0, norms)[rows]
    matrix = sparse.csr_matrix((data, (rows, cols_a)), shape=(n, len(vocabulary)))
    sims = (matrix @ matrix.T).toarray()
    np.fill_diagonal(sims, 0.0)
    # rounded so that the order of sentences never depends on the last bits of a float sum
    return np.round(sims, 9)


def select(articles: list[Article], max_sentences: int = MAX_SENTENCES) -> Selection:
    """The most central, most confirmed sentences of the articles, one per thing said: for each, its
    span, then the spans of the other outlets' sentences that confirm it (most similar first)."""
    articles = [a for a in articles if a.duplicate_of is None] or articles
    sentences = _sentences(articles)
    if not sentences:
        return []
    sims = _similarities(sentences)
    numbers: dict[str, int] = {}
    article_of = np.array([numbers.setdefault(s.article.id, len(numbers)) for s in sentences])
    same_article = article_of[:, None] == article_of[None, :]
    if len(numbers) == 1:  # one article: centrality within it
        others = ~np.eye(len(sentences), dtype=bool)
    else:
        others = ~same_article
    centrality = np.where(others, sims, 0.0).sum(axis=1) / np.maximum(others.sum(axis=1), 1)
    confirming = _confirmations(sentences, sims)
    scored = []
    for i, sentence in enumerate(sentences):
        if not MIN_WORDS <= sentence.words <= MAX_WORDS:
            continue
        lead = 1.2 if sentence.index == 0 else 1.0
        score = round(float(centrality[i]) * lead * (1 + 0.5 * len(confirming[i])), 9)
        scored.append((-score, i))
    scored.sort()
    chosen: list[int] = []
    for _, i in scored:
        if len(chosen) == max_sentences:
            break
        if any(sims[i, k] >= DUPLICATE_SIMILARITY for k in chosen):
            continue
        chosen.append(i)
    return [[sentences[k].span for k in [i, *confirming[i]]] for i in chosen]


def _confirmations(sentences: list[_Sentence], sims: np.ndarray) -> list[list[int]]:
    """For each sentence and each other outlet, that outlet's most similar sentence, when similar enough."""
    outlets: dict[str, list[int]] = {}
    for j, sentence in enumerate(sentences):
        outlets.setdefault(sentence.outlet_key, []).append(j)
    found: list[list[int]] = [[] for _ in sentences]
    for key, columns in outlets.items():
        block = sims[:, columns]
        best = block.argmax(axis=1)  # the first of equals: the earliest sentence
        for i in range(len(sentences)):
            j = columns[best[i]]
            if sentences[i].outlet_key != key and sims[i, j] >= CONFIRM_SIMILARITY:
                found[i].append(j)
    for i, js in enumerate(found):
        js.sort(key=lambda j: (-sims[i, j], _outlet_name(sentences[j].article), j))
    return found


# -- the stored selection ----------------------------------------------------------------------

def fingerprint(articles: list[Article]) -> str:
    """A digest of everything the selection depends on: each article's id, outlet, duplicate link
    and text, in order."""
    digest = hashlib.blake2b(digest_size=16)
    for article in articles:
        for part in (article.id, article.source or "", article.duplicate_of or "", article.text):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
        digest.update(b"\x01")
    return digest.hexdigest()


def summary_document(articles: list[Article], max_sentences: int = MAX_SENTENCES) -> dict:
    """The story's "summary" document: the selection with what it was chosen from."""
    return {"version": SUMMARY_VERSION, "fingerprint": fingerprint(articles), "max_sentences": max_sentences,
            "sentences": [[list(span) for span in spans] for spans in select(articles, max_sentences)],
            # every article's sentence boundaries, flat, which the brief's citations need as well
            "spans": {a.id: [offset for span in sentence_spans(a.text) for offset in span] for a in articles}}


def stored_selection(document: object, articles: list[Article], max_sentences: int = MAX_SENTENCES) -> Selection | None:
    """The selection of a stored summary document when it was chosen, by this version, from these
    very articles for this many sentences; None when it must be chosen again. The articles'
    stored sentence boundaries are remembered for `sentence_spans`."""
    if not isinstance(document, dict) or document.get("version") != SUMMARY_VERSION \
            or document.get("max_sentences") != max_sentences or document.get("fingerprint") != fingerprint(articles):
        return None
    texts = {a.id: len(a.text) for a in articles}
    selection: Selection = []
    try:
        for spans in document["sentences"]:
            found = [(str(a), int(s), int(e)) for a, s, e in spans]
            if not found or any(a not in texts or not 0 <= s < e <= texts[a] for a, s, e in found):
                return None
            selection.append(found)
        by_id = {a.id: a for a in articles}
        for article_id, flat in (document.get("spans") or {}).items():
            article = by_id.get(article_id)
            if article is not None and article.text not in _SPANS and len(flat) % 2 == 0:
                _remember(article.text, tuple(zip(map(int, flat[::2]), map(int, flat[1::2]))))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return selection
