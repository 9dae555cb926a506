"""Freed memory given back to the system: rate-limited, and harmless where glibc is absent."""

import sys

import pytest

from newsfuse.pipeline import memory


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_small_objects_leave_the_resident_set():
    memory.give_back(force=True)
    before = _rss_kb()
    held = [bytes(2_000) for _ in range(100_000)]  # ~200 MB of blocks from glibc's heap (above pymalloc's 512 bytes, below mmap's 128 KB)
    grown = _rss_kb()
    holder = held[::100]  # a few survivors keep the heap's top in use, as a real run's objects do
    del held
    assert memory.give_back(force=True)
    after = _rss_kb()
    assert grown - before > 150_000
    assert after - before < (grown - before) / 2, (before, grown, after)
    assert holder


def test_a_second_trim_within_the_interval_is_skipped(monkeypatch):
    memory.give_back(force=True)
    monkeypatch.setattr(memory, "MIN_INTERVAL", 3600.0)
    assert memory.give_back() is False


def test_without_libc_nothing_happens(monkeypatch):
    monkeypatch.setattr(memory, "_trim", False)
    assert memory.give_back(force=True) is False
