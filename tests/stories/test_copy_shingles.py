"""The shingle cache of the copy index holds a bounded amount of text, however long the run."""

from newsfuse.stories import copies


def test_shingles_are_the_same_with_or_without_the_cache():
    text = "The reinforcement of the peacekeeping force was announced on Monday by the alliance in Brussels."
    first = copies.shingles(text)
    assert first and copies.shingles(text) is first  # the second call reads the cache
    assert copies.shingles.__wrapped__(text) == first


def test_the_cache_forgets_old_long_texts():
    copies.shingles.cache_clear()
    parts = [" ".join(f"word{i}x{j}" for j in range(20_000)) for i in range(30)]  # ~200,000 characters each
    for part in parts:
        copies.shingles(part)
    texts, chars = copies.shingles.cache_held()
    assert chars <= copies.CACHE_CHARS and texts < len(parts)  # parts of a long input are not all held
    assert chars == sum(len(p) for p in parts[-texts:])  # the latest kept
    latest = copies.shingles(parts[-1])
    assert copies.shingles(parts[-1]) is latest
    copies.shingles.cache_clear()
