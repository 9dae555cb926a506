"""A text far longer than one story holds is read in parts that form consecutive stories of a bounded
number of parts, in one thread, each labelled with the parts it holds (issue #21: a 50 MB article).

The part size, the window and the thread's cross-check budget are lowered through their parameters,
so a text of 400,000 characters behaves as a 50 MB one does with the defaults."""

import json
import re
import sys
from pathlib import Path

import pytest

from newsfuse.ingest import IngestLimits
from newsfuse.pipeline import story as story_module
from newsfuse.pipeline.grouping import regroup_store
from newsfuse.pipeline.run import Options, analyse_pending, analyze
from newsfuse.store import Store

sys.path.insert(0, str(Path(__file__).parents[1] / "ingest"))
import bigfile  # noqa: E402

pytestmark = pytest.mark.slow
WINDOW = 8
RANGE = re.compile(r" \(parts (\d+)-(\d+) of (\d+)\)$|\(part (\d+) of (\d+)\)$")


def parts_of(store: Store) -> dict[str, list[int]]:
    """Story id -> the part numbers of its articles, read from their titles."""
    found: dict[str, list[int]] = {}
    for story_id, title in store.conn.execute("SELECT story_id, title FROM articles ORDER BY seq"):
        number = int(re.search(r"\(part (\d+) of \d+\)$", title)[1])
        found.setdefault(story_id, []).append(number)
    return found


@pytest.fixture(scope="module")
def long_store(tmp_path_factory):
    pytest.importorskip("spacy")
    folder = tmp_path_factory.mktemp("longtext")
    path = folder / "inquiry.txt"
    bigfile.write_text(path, 400_000)
    options = Options(limits=IngestLimits(part_chars=10_000), story_parts=WINDOW, jobs=1)
    store = Store(folder / "s.db")
    patch = pytest.MonkeyPatch()
    patch.setattr(story_module, "THREAD_CHARS", 100_000)  # the thread's figures cross-checked in runs
    result = analyze([str(path)], store, options)
    yield store, result, path, options
    patch.undo()
    store.close()


def test_every_part_is_stored_in_consecutive_stories_of_at_most_the_window(long_store):
    store, result, path, _ = long_store
    assert not result.rejected
    count = len(result.articles)
    assert count > 3 * WINDOW  # 400,000 characters in parts of at most 10,000
    assert sorted(n for numbers in parts_of(store).values() for n in numbers) == list(range(1, count + 1))
    windows = sorted(parts_of(store).values())
    assert len(windows) == -(-count // WINDOW)  # several stories, none holding more than the window
    for k, numbers in enumerate(windows):
        assert numbers == list(range(k * WINDOW + 1, min((k + 1) * WINDOW, count) + 1))


def test_the_stories_sit_in_one_thread_and_say_which_parts_they_hold(long_store):
    store, result, _, _ = long_store
    assert len({s.thread_id for s in result.stories}) == 1 and len(result.threads) == 1
    count = len(result.articles)
    for story in result.stories:
        numbers = parts_of(store)[story.id]
        label = RANGE.search(story.title)
        assert story.title.startswith(bigfile.HEADLINE)
        if len(numbers) > 1:
            assert label.groups()[0:3] == (str(min(numbers)), str(max(numbers)), str(count))
        else:
            assert label.groups()[3:5] == (str(numbers[0]), str(count))


def test_the_thread_figures_come_from_every_story_though_read_in_runs(long_store):
    store, result, _, _ = long_store
    [thread] = result.threads
    facts = store.get_analysis("thread", thread.id, "facts")
    facts = json.loads(facts) if isinstance(facts, str) else facts
    cited = {source["article_id"] for claim in facts["claims"] for source in claim["sources"]}
    story_of = dict(store.conn.execute("SELECT id, story_id FROM articles"))
    assert {story_of[a] for a in cited} == {s.id for s in result.stories}  # no run of stories left out


def test_a_second_run_adds_nothing_and_regroup_keeps_the_windows(long_store):
    store, result, path, options = long_store
    before = parts_of(store)
    again = analyze([str(path)], store, options)
    assert again.added == 0 and parts_of(store) == before
    regroup_store(store)
    analyse_pending(store)
    assert sorted(parts_of(store).values()) == sorted(before.values())
