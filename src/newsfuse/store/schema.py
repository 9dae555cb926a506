"""The SQLite schema as an ordered list of migrations; the store applies the ones a file lacks.

Never edit a migration that has shipped: add a new one at the end.
"""

from __future__ import annotations

from newsfuse.entities.index import SCHEMA as ENTITY_INDEX_SCHEMA
from newsfuse.stories.tables import LINK_BACKFILL, LINK_SCHEMA, STORY_TABLES

MIGRATIONS: list[list[str]] = [
    # 1: articles, what was removed from them, rejections, mentions, stories, full-text search
    [
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            path TEXT NOT NULL,
            url TEXT,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            raw TEXT NOT NULL,
            source TEXT,
            published TEXT,
            language TEXT,
            inferred TEXT NOT NULL DEFAULT '{}',
            content_hash TEXT NOT NULL,
            duplicate_of TEXT REFERENCES articles(id),
            story_id TEXT,
            ingested_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_content_hash ON articles(content_hash)",
        "CREATE INDEX articles_story ON articles(story_id)",
        """CREATE TABLE removed (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, end INTEGER NOT NULL, reason TEXT NOT NULL, text TEXT NOT NULL
        )""",
        "CREATE INDEX removed_article ON removed(article_id)",
        """CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL
        )""",
        "CREATE INDEX mentions_article ON mentions(article_id)",
        """CREATE TABLE times (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL
        )""",
        "CREATE INDEX times_article ON times(article_id)",
        """CREATE TABLE rejected (
            path TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (path, reason)
        )""",
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY, title TEXT NOT NULL, thread_id TEXT, date_start TEXT, date_end TEXT
        )""",
        "CREATE TABLE threads (id TEXT PRIMARY KEY, title TEXT NOT NULL)",
        """CREATE TABLE corrections (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, target TEXT NOT NULL, action TEXT NOT NULL,
            payload TEXT NOT NULL, at TEXT NOT NULL
        )""",
        # MinHash LSH bands for near-duplicate lookup without scanning the store
        "CREATE TABLE dup_bands (band INTEGER NOT NULL, hash TEXT NOT NULL, article_id TEXT NOT NULL)",
        "CREATE INDEX dup_bands_key ON dup_bands(band, hash)",
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, source, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text, source) VALUES (new.seq, new.title, new.text, new.source);
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text, source)
            VALUES ('delete', old.seq, old.title, old.text, old.source);
        END""",
        # per-article and per-story analysis results that later stages add, as JSON documents
        """CREATE TABLE analysis (
            scope TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL,
            PRIMARY KEY (scope, key, kind)
        )""",
    ],
    # 2: what `newsfuse watch` polled: validators and content hash per source, entries already ingested
    [
        """CREATE TABLE watch_sources (
            url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, content_hash TEXT, last_polled TEXT,
            failures INTEGER NOT NULL DEFAULT 0, last_error TEXT
        )""",
        """CREATE TABLE watch_seen (
            url TEXT NOT NULL, entry_key TEXT NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (url, entry_key)
        ) WITHOUT ROWID""",
    ],
    # 3: the incremental story index (newsfuse.stories.tables: tables grp_*)
    STORY_TABLES,
    # 4: work a write made necessary, queued in that write's transaction and done by the next run
    #    (newsfuse.pipeline.pending); analysis documents carry the version of the analysis that wrote
    #    them (0: written before versions existed, so redone)
    [
        """CREATE TABLE pending (
            scope TEXT NOT NULL, key TEXT NOT NULL, reason TEXT NOT NULL, queued_at TEXT NOT NULL,
            PRIMARY KEY (scope, key)
        ) WITHOUT ROWID""",
        "ALTER TABLE analysis ADD COLUMN version INTEGER NOT NULL DEFAULT 0",
    ],
    # 5: the store-wide entity index (newsfuse.entities.index: tables ent_*)
    ENTITY_INDEX_SCHEMA,
    # 6: provenance of an article (docs/provenance.md): its publisher, the origins it credits (JSON
    #    list) and the earlier articles it copies from (JSON list of [article_id, share])
    [
        "ALTER TABLE articles ADD COLUMN publisher TEXT",
        "ALTER TABLE articles ADD COLUMN credits TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE articles ADD COLUMN derived_from TEXT NOT NULL DEFAULT '[]'",
    ],
    # 7: the copy index (newsfuse.stories.copies): sampled shingle hash -> articles holding it
    [
        "CREATE TABLE copy_shingles (hash INTEGER NOT NULL, article_id TEXT NOT NULL)",
        "CREATE INDEX copy_shingles_hash ON copy_shingles(hash)",
    ],
    # 8: corrections are listed and undone (newsfuse.pipeline.corrections): each keeps what reverses
    #    it (JSON) and when it was undone (NULL: in force); story corrections, which lived only as
    #    constraints in grp_constraints, are listed too, one per constraint batch
    [
        "ALTER TABLE corrections ADD COLUMN undo TEXT NOT NULL DEFAULT '{}'",
        "ALTER TABLE corrections ADD COLUMN undone_at TEXT",
        """INSERT INTO corrections (target, action, payload, at, undo)
           SELECT 'story', 'constraints', json_object('pairs', COUNT(*)), '', json_object('seq', seq)
           FROM grp_constraints GROUP BY seq ORDER BY seq""",
    ],
    # 9: the story index keeps each article's own index keys and its links to its nearest reports
    #    (grp_article_keys, grp_links), so new articles are linked to reports as `regroup` links them;
    #    an index that already holds articles computes them at its next assignment (links_backfill)
    [*LINK_SCHEMA, LINK_BACKFILL],
    # 10: the web app's lists read one page through an index (store/lists.py): the outlets (one seek
    #     per outlet) and the outlet filter, the threads by title; the story list order and the thread
    #     filter, made at open until now (a read-only server could not make them), become part of the schema
    [
        "CREATE INDEX IF NOT EXISTS articles_source ON articles (source, story_id)",
        "CREATE INDEX IF NOT EXISTS threads_title ON threads (title, id)",
        "CREATE INDEX IF NOT EXISTS stories_listed ON stories (coalesce(date_start, ''), id)",
        "CREATE INDEX IF NOT EXISTS stories_thread ON stories (thread_id)",
    ],
]
