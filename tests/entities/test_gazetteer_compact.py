"""The packaged gazetteer read from its compact form (built on first use) is the one built from
the sources, entry for entry and in the same order, and a damaged compact file is rebuilt."""

from __future__ import annotations

from newsfuse.entities import gazetteer


def test_compact_form_holds_the_built_index(tmp_path):
    built = gazetteer._build_index(15000)
    path = tmp_path / "gazetteer.marshal"
    gazetteer._write_compact(path, built)
    read = gazetteer._read_compact(path)
    assert read == built
    assert list(read) == list(built)  # the same key order: lookups and listings do not depend on the cache
    assert read[gazetteer.fold("Zvečan")][0].place.country == "XK"


def test_damaged_compact_file_is_not_used(tmp_path):
    path = tmp_path / "gazetteer.marshal"
    path.write_bytes(b"\x00not marshal")
    assert gazetteer._read_compact(path) is None
    assert gazetteer._read_compact(tmp_path / "missing.marshal") is None


def test_loaded_gazetteer_finds_places_through_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(gazetteer, "_compact_path", lambda population: tmp_path / f"g-{population}.marshal")
    gazetteer._packaged_index.cache_clear()
    try:
        first = gazetteer.Gazetteer.load()  # builds and writes the compact form
        assert (tmp_path / "g-15000.marshal").is_file()
        gazetteer._packaged_index.cache_clear()
        second = gazetteer.Gazetteer.load()  # reads it
        for name in ("Zvecan", "Pristina", "Kosovo", "Europe", "Paris"):
            assert second.lookup(name) == first.lookup(name) is not None
    finally:
        gazetteer._packaged_index.cache_clear()


def test_writing_removes_compact_files_of_older_sources(tmp_path):
    stale = tmp_path / "gazetteer-15000-0123456789abcdef0123.marshal"
    stale.write_bytes(b"old")
    other_size = tmp_path / "gazetteer-5000-0123456789abcdef0123.marshal"
    other_size.write_bytes(b"other")
    current = tmp_path / "gazetteer-15000-fedcba9876543210fedc.marshal"
    gazetteer._write_compact(current, {"x": ()})
    assert current.is_file() and not stale.exists() and other_size.exists()
