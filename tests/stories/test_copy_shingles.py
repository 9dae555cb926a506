"""The shingle cache of the copy index holds a bounded amount of text, however long the run."""

from newsfuse.stories import copies


def test_shingles_are_the_same_with_or_without_the_cache():
    text = "The reinforcement of the peacekeeping force was announced on Monday by the alliance in Brussels."
    first = copies.shingles(text)
    assert first and copies.shingles(text) is first  # the second call reads the cache
    assert copies._shingles(text) == first


def test_the_cache_forgets_old_long_texts(monkeypatch):
    monkeypatch.setattr(copies, "_cache", {})
    monkeypatch.setattr(copies, "_cached_chars", 0)
    monkeypatch.setattr(copies, "CACHE_CHARS", 50_000)
    parts = [" ".join(f"word{i}x{j}" for j in range(2_000)) for i in range(20)]  # ~20,000 characters each
    for part in parts:
        copies.shingles(part)
    assert sum(len(t) for t in copies._cache) <= 50_000 + len(parts[-1])
    assert list(copies._cache) == parts[-len(copies._cache):]  # the latest kept
    assert copies._cached_chars == sum(len(t) for t in copies._cache)
