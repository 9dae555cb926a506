"""An id prefix (or a name) that fits several stories, threads, articles or entities is one line listing
the candidates, and exit 2, in every command that takes one."""

import pytest
from typer.testing import CliRunner

from newsfuse.cli.main import app
from newsfuse.entities.index import EntityIndex, canonical_entities
from newsfuse.models import Article, Entity, Mention, Story, Thread
from newsfuse.store import PlainRows, Store

runner = CliRunner()
ARTICLES = ["abcd1111aaaa0000", "abcd2222bbbb0000"]
STORIES = ["s-abcd1111", "s-abcd2222"]
THREADS = ["t-abcd1111", "t-abcd2222"]


@pytest.fixture
def twins(tmp_path):
    """Two of each kind whose ids share the prefix 'abcd', and two entities named Georgia."""
    path = tmp_path / "twins.db"
    text = "Georgia met Georgia."
    with Store(path) as store, store.atomic() as conn:
        articles = [Article(a, f"in/{a}.txt", text, title=f"Report {n}", text=text, source="Desk", story_id=s,
                            published="2024-05-0{}".format(n + 1), content_hash=a)
                    for n, (a, s) in enumerate(zip(ARTICLES, STORIES))]
        store.add_articles(articles, conn)
        store.save_stories([Story(s, f"Story {s}", [a], t) for s, a, t in zip(STORIES, ARTICLES, THREADS)],
                           [Thread(t, f"Thread {t}", [s]) for t, s in zip(THREADS, STORIES)], conn)
        index = EntityIndex(PlainRows(conn))
        for kind, label, article, story, start in (("person", "PERSON", ARTICLES[0], STORIES[0], 0),
                                                   ("group", "NORP", ARTICLES[1], STORIES[1], 12)):
            mention = Mention(article, start, start + 7, "Georgia", label)
            canonical_entities(index, story, [Entity(f"e-{kind}", "Georgia", kind, mentions=[mention])])
    return path


STORY_COMMANDS = [["stories", "show", "s-abcd"], ["timeline", "s-abcd"], ["facts", "s-abcd"], ["brief", "s-abcd"],
                  ["stories", "merge", "s-abcd", STORIES[0]], ["stories", "split", "s-abcd", "--articles", ARTICLES[0]],
                  ["stories", "move", ARTICLES[0], "--to", "s-abcd"], ["events", "--story", "s-abcd"],
                  ["quotes", "--story", "s-abcd"], ["entities", "--story", "s-abcd"]]
THREAD_COMMANDS = [["timeline", "--thread", "t-abcd"]]
ARTICLE_COMMANDS = [["stories", "move", "abcd", "--to", STORIES[1]],
                    ["stories", "split", STORIES[0], "--articles", "abcd"]]
ENTITY_COMMANDS = [["entity", "Georgia"], ["entities", "rename", "Georgia", "Sakartvelo"],
                   ["entities", "merge", "Georgia", "e-person"], ["entities", "split", "Georgia"]]


@pytest.mark.parametrize("command", STORY_COMMANDS + THREAD_COMMANDS + ARTICLE_COMMANDS,
                         ids=lambda c: " ".join(c))
def test_an_ambiguous_prefix_lists_the_candidates(twins, command):
    result = runner.invoke(app, [*command, "--db", str(twins)])
    assert result.exit_code == 2, result.output
    (line,) = result.output.strip().splitlines()
    candidates = {"s-abcd": STORIES, "t-abcd": THREADS}.get(next((c for c in command if c in ("s-abcd", "t-abcd")),
                                                                 None), ARTICLES)
    assert line.startswith("error: ") and "fits more than one" in line and all(c in line for c in candidates), line


@pytest.mark.parametrize("command", ENTITY_COMMANDS, ids=lambda c: " ".join(c))
def test_an_ambiguous_name_lists_the_entities_it_names(twins, command):
    result = runner.invoke(app, [*command, "--db", str(twins)])
    assert result.exit_code == 2, result.output
    (line,) = result.output.strip().splitlines()
    assert "names 2 entities" in line and "person: Georgia" in line and "group: Georgia" in line, line


def test_a_prefix_that_fits_one_is_enough(twins):
    result = runner.invoke(app, ["stories", "show", "s-abcd1", "--db", str(twins), "--json"])
    assert result.exit_code == 0, result.output
    assert '"s-abcd1111"' in result.stdout
