"""The synthetic scale-benchmark archive: recombined sentences, remapped offsets, one vocabulary per story."""

import re
from collections import defaultdict

import pytest

from newsfuse.models import Article, Mention, TimeExpression
from newsfuse.eval.synthetic import group_by_topic, recombine, sentences, synthetic_article, variant_tag

LONG_WORD = re.compile(r"[^\W\d_]{4,}")

TEXTS = {
    "q1": ("Earthquake shakes Valdoria",
           "A strong earthquake struck Valdoria on Monday. Rescue teams from Marbury searched the rubble. "
           "Officials in Kesh said 40 people were injured. The quake lasted 30 seconds."),
    "q2": ("Valdoria counts damage after quake",
           "Engineers inspected bridges around Kesh on Tuesday. The Red Lantern Society sent tents. "
           "Schools stayed closed for three days. Aftershocks rattled Valdoria overnight."),
    "q3": ("Aid arrives in Kesh",
           "Marbury pledged 2 million dollars in aid. Volunteers cooked soup for families in Kesh. "
           "Geologists warned of further tremors this week. Power returned to most homes."),
    "s1": ("Leaders meet in Orlen",
           "Delegates from Tessaly gathered in Orlen on Friday. Minister Ada Quell opened the summit. "
           "Talks focused on river water and trade tariffs. A joint statement is expected Sunday."),
    "s2": ("Orlen summit ends with pact",
           "The Orlen summit closed with a water pact. Ada Quell called the deal historic. "
           "Tessaly will share flood data every month. Critics said the pact lacks funding."),
}
MENTIONS = {
    "q1": [("Valdoria", "GPE"), ("Marbury", "GPE"), ("Kesh", "GPE")],
    "q2": [("Kesh", "GPE"), ("Red Lantern Society", "ORG"), ("Valdoria", "GPE")],
    "q3": [("Marbury", "GPE"), ("Kesh", "GPE")],
    "s1": [("Tessaly", "GPE"), ("Orlen", "GPE"), ("Ada Quell", "PERSON")],
    "s2": [("Orlen", "GPE"), ("Ada Quell", "PERSON"), ("Tessaly", "GPE")],
}
TIMES = {
    "q1": [("Monday", "DATE", "2024-03-04"), ("30 seconds", "DURATION", "PT30S")],
    "q2": [("Tuesday", "DATE", "2024-03-05"), ("three days", "DURATION", "P3D")],
    "q3": [("this week", "DATE", "2024-W10")],
    "s1": [("Friday", "DATE", "2024-05-10"), ("Sunday", "DATE", "2024-05-12")],
    "s2": [("every month", "SET", "P1M")],
}
TOPIC_OF = {"q1": "quake", "q2": "quake", "q3": "quake", "s1": "summit", "s2": "summit", "q0": "quake"}


def spans(article_id: str, text: str) -> tuple[list[Mention], list[TimeExpression]]:
    mentions = []
    for needle, label in MENTIONS[article_id]:
        start = text.index(needle)
        mentions.append(Mention(article_id, start, start + len(needle), needle, label))
    # crosses a sentence boundary, so it must never be carried over
    start = text.index(". ") - 3
    mentions.append(Mention(article_id, start, start + 8, text[start:start + 8], "CROSS"))
    times = []
    for needle, kind, value in TIMES[article_id]:
        start = text.index(needle)
        times.append(TimeExpression(article_id, start, start + len(needle), needle, kind, value))
    return mentions, times


def make_sources() -> list[Article]:
    sources = []
    for number, (article_id, (title, text)) in enumerate(TEXTS.items()):
        mentions, times = spans(article_id, text)
        sources.append(Article(id=article_id, path=f"{article_id}.txt", raw=text, title=title, text=text,
                               source=None if article_id == "q3" else f"paper-{article_id}",
                               published=f"2024-03-0{number + 1}", language="en", mentions=mentions, times=times))
    # empty text: must be skipped
    sources.append(Article(id="q0", path="q0.txt", raw="", title="Empty", text="", source="paper-q0"))
    return sources


SOURCES = make_sources()
BY_ID = {a.id: a for a in SOURCES}
N = 24  # quake: 12 articles in 4 variants of 3, summit: 12 articles in 6 variants of 2


def tag(text: str, k: int) -> str:
    return LONG_WORD.sub(lambda m: m.group() + variant_tag(k), text)


def untag(text: str, k: int) -> str:
    return re.sub(rf"([^\W\d_]{{4,}}){variant_tag(k)}(?![^\W\d_])", r"\1", text)


def sentence_around(text: str, start: int, end: int) -> str:
    before = text.rfind(". ", 0, start)
    return text[0 if before < 0 else before + 2:text.index(".", end) + 1]


def variant_of(key: str) -> int:
    return int(key.split("/")[1])


def long_words(article: Article) -> set[str]:
    return set(LONG_WORD.findall(article.title + " " + article.text))


def test_yields_n_articles_with_fresh_ids_and_metadata():
    pairs = list(recombine(SOURCES, TOPIC_OF, N))
    assert len(pairs) == N
    assert [a.id for a, _ in pairs] == [f"syn-{i:07d}" for i in range(N)]
    for i, (article, _) in enumerate(pairs):
        assert article.path == f"synthetic/{i}"
        assert article.text and article.raw == article.text
        assert article.language == "en" and article.inferred == {} and article.removed == []
        assert article.source is not None and article.published is not None
    assert list(recombine(SOURCES, TOPIC_OF, 0)) == []


def test_same_seed_same_output_and_random_access_matches():
    first = list(recombine(SOURCES, TOPIC_OF, N, seed=7))
    assert first == list(recombine(SOURCES, TOPIC_OF, N, seed=7))
    assert first != list(recombine(SOURCES, TOPIC_OF, N, seed=8))
    by_topic = group_by_topic(SOURCES, TOPIC_OF)
    for i in (0, 5, 13, N - 1):
        assert synthetic_article(i, SOURCES, by_topic, 7) == first[i]
    texts = defaultdict(set)
    for article, key in first:
        texts[key].add(article.text)
    assert all(len(variant) > 1 for variant in texts.values())  # each article draws its own sentences


def test_group_by_topic_skips_empty_and_untopiced_articles():
    untopiced = Article(id="x1", path="x1.txt", raw="Alone here.", text="Alone here.")
    pool = [untopiced, *reversed(SOURCES)]
    by_topic = group_by_topic(pool, TOPIC_OF)
    assert list(by_topic) == ["quake", "summit"]
    assert {topic: [pool[j].id for j in members] for topic, members in by_topic.items()} == {
        "quake": ["q1", "q2", "q3"], "summit": ["s1", "s2"]}


def test_gold_keys_follow_topics_and_variant_sizes():
    keys = [key for _, key in recombine(SOURCES, TOPIC_OF, N)]
    sizes = {"quake": 3, "summit": 2}
    for i, key in enumerate(keys):
        topic = ["quake", "summit"][i % 2]
        assert key == f"{topic}/{(i // 2) // sizes[topic]}"
    counts = defaultdict(int)
    for key in keys:
        counts[key] += 1
    assert counts == {**{f"quake/{k}": 3 for k in range(4)}, **{f"summit/{k}": 2 for k in range(6)}}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_text_is_tagged_sentences_of_the_topic(seed):
    for article, key in recombine(SOURCES, TOPIC_OF, N, seed=seed, sentences_per_article=(2, 5)):
        topic, k = key.split("/")[0], variant_of(key)
        topic_sources = [a for a in SOURCES if a.text and TOPIC_OF[a.id] == topic]
        plain = untag(article.text, k)
        sentences = re.split(r"(?<=\.) ", plain)
        assert 2 <= len(sentences) <= 5
        assert all(any(s in a.text for a in topic_sources) for s in sentences)
        assert article.title in {tag(a.title, k) for a in topic_sources}
        assert all(w.endswith(variant_tag(k)) for w in long_words(article))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mentions_and_times_are_remapped_to_the_new_text(seed):
    carried = 0
    for article, key in recombine(SOURCES, TOPIC_OF, N, seed=seed):
        k = variant_of(key)
        expected_mentions = {(tag(m.text, k), m.label) for a in SOURCES for m in a.mentions if m.label != "CROSS"}
        expected_times = {(tag(t.text, k), t.type, t.value) for a in SOURCES for t in a.times}
        for m in article.mentions:
            assert m.article_id == article.id
            assert m.text == article.text[m.start:m.end]
            assert (m.text, m.label) in expected_mentions
        for t in article.times:
            assert t.article_id == article.id
            assert t.text == article.text[t.start:t.end]
            assert (t.text, t.type, t.value) in expected_times
        # every source span inside a chosen sentence is carried over
        for a in SOURCES:
            for m in a.mentions:
                if m.label != "CROSS" and tag(sentence_around(a.text, m.start, m.end), k) in article.text:
                    assert tag(m.text, k) in {x.text for x in article.mentions}
        carried += len(article.mentions) + len(article.times)
    assert carried > N


def test_variants_share_vocabulary_within_and_not_across():
    words = defaultdict(list)
    for article, key in recombine(SOURCES, TOPIC_OF, N):
        words[key].append(long_words(article))
    for key, groups in words.items():
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                assert groups[a] & groups[b], key
    for topic, variants in (("quake", 4), ("summit", 6)):
        for k1 in range(variants):
            for k2 in range(k1 + 1, variants):
                union1 = set().union(*words[f"{topic}/{k1}"])
                union2 = set().union(*words[f"{topic}/{k2}"])
                assert not union1 & union2, (topic, k1, k2)


def test_sentences_keep_their_spans():
    text = "  First one. second stays! Third?\n\nFourth line\nFifth. "
    assert [text[s:e] for s, e in sentences(text)] == [
        "First one. second stays!", "Third?", "Fourth line", "Fifth."]


def test_variant_tags_are_distinct_and_suffix_free():
    tags = [variant_tag(k) for k in range(2000)]
    assert len(set(tags)) == len(tags)
    assert all(t.isalpha() and t.islower() for t in tags)
    assert not any(b != a and b.endswith(a) for a in tags[:300] for b in tags)


def test_title_source_and_published_come_from_the_first_source():
    for article, key in recombine(SOURCES, TOPIC_OF, N):
        first = next(a for a in SOURCES if a.text and a.published == article.published)
        assert article.title == tag(first.title, variant_of(key))
        assert any(article.text.startswith(tag(s, variant_of(key))) for s in re.split(r"(?<=\.) ", first.text))
        if first.source:
            assert article.source == first.source
        else:
            assert re.fullmatch(r"outlet-\d+", article.source)


def test_no_sources_raise_value_error():
    with pytest.raises(ValueError):
        recombine([], TOPIC_OF, 3)
    with pytest.raises(ValueError):
        recombine([BY_ID["q0"]], TOPIC_OF, 3)
    with pytest.raises(ValueError):
        recombine(SOURCES, {}, 3)
