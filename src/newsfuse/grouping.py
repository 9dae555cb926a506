"""Fold analyzed articles into stories and threads, incrementally, through `newsfuse.stories`."""

from __future__ import annotations

import sqlite3

from .models import Article, Story, Thread


class Grouper:
    """Assigns each new article to a story as it is stored; `finish` refreshes story records."""

    def __init__(self, store) -> None:
        self.store = store
        self.touched: set[str] = set()

    def assign(self, articles: list[Article], conn: sqlite3.Connection) -> None:
        story_of = {}
        for article in articles:
            if article.duplicate_of:
                article.story_id = story_of.get(article.duplicate_of) or self._stored_story(article.duplicate_of)
            if not article.story_id:
                article.story_id = "s-" + article.id[:12]
            story_of[article.id] = article.story_id
            self.touched.add(article.story_id)

    def _stored_story(self, article_id: str) -> str | None:
        row = self.store.conn.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def finish(self) -> tuple[list[Story], list[Thread]]:
        stories = []
        members: dict[str, list[Article]] = {}
        for article in self.store.articles(with_details=False):
            members.setdefault(article.story_id, []).append(article)
        for story_id, articles in members.items():
            dates = sorted(a.published for a in articles if a.published)
            stories.append(Story(story_id, articles[0].title, [a.id for a in articles], "t-" + story_id[2:],
                                 dates[0] if dates else None, dates[-1] if dates else None))
        threads = [Thread(s.thread_id, s.title, [s.id]) for s in stories]
        with self.store.transaction() as conn:
            self.store.save_stories(stories, threads, conn)
        return self.store.stories(), self.store.threads()
