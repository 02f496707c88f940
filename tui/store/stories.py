"""Stories in the store (SPEC §5): what the grouping reads and writes (tui.stories
decides), and the headline list grouped by story (the app's `g`)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence

from tui.models import Article
from tui.store.base import StoreBase
from tui.store.query import EVERYTHING, Query, chunked, marks, select_articles


class StoryRows(StoreBase):
    # -- what tui.stories reads and writes -------------------------------------

    def unassigned_articles(self, limit: int | None = None) -> list[sqlite3.Row]:
        """Articles without a story yet, oldest first: id, feed_id, published, title,
        summary and the first 4,000 characters of content."""
        sql = ("SELECT id, feed_id, published, title, summary, substr(content, 1, 4000) "
               "AS content FROM articles WHERE story_id IS NULL ORDER BY published, id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.db.execute(sql).fetchall()

    def story_window(self, start: int, end: int) -> list[sqlite3.Row]:
        """Assigned articles published in [start, end] (Unix seconds): id, feed_id,
        published, story_id, story_text: what a new article is compared with. An
        article assigned without its story_text (alone in its window) gives its title,
        summary and the start of its content instead."""
        return self.db.execute(
            "SELECT id, feed_id, published, story_id, story_text, "
            "iif(story_text IS NULL, title, NULL) AS title, "
            "iif(story_text IS NULL, summary, NULL) AS summary, "
            "iif(story_text IS NULL, substr(content, 1, 4000), NULL) AS content FROM articles "
            "WHERE published BETWEEN ? AND ? AND story_id IS NOT NULL", (start, end),
        ).fetchall()

    def save_stories(self, rows: Sequence[tuple[int, int, str]], now: float | None = None) -> int:
        """Write (article id, story, story_text) rows; a story < 0 stands for a new
        story, one per distinct negative number. Articles another process assigned
        meanwhile keep their story. Returns how many articles were assigned."""
        now = int(now if now is not None else time.time())
        assigned = 0
        with self.transaction() as db:
            # New stories take the next ids in one statement (not one INSERT each: one
            # feed of 200,000 items is 200,000 stories). AUTOINCREMENT never reuses an
            # id: start after the sequence as well as after the largest id.
            last = db.execute(
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'stories'),"
                " 0), coalesce((SELECT max(id) FROM stories), 0))").fetchone()[0]
            fresh = {story: last + n for n, story in enumerate(
                dict.fromkeys(story for _, story, _ in rows if story < 0), start=1)}
            db.executemany("INSERT INTO stories (id, created) VALUES (?, ?)",
                           ((sid, now) for sid in fresh.values()))
            cur = db.executemany(
                "UPDATE articles SET story_id = ?, story_text = ? "
                "WHERE id = ? AND story_id IS NULL",
                # in id order: the rows' pages are then visited once each, in order
                sorted(((fresh.get(story, story), text, aid) for aid, story, text in rows),
                       key=lambda row: row[2]),
            )
            assigned = cur.rowcount
        return assigned

    # -- one story ---------------------------------------------------------------

    def story_members(self, story_id: int) -> list[Article]:
        """The articles of one story, newest first (muted ones aside)."""
        hide, params = self.hide_clauses("a")
        return select_articles(self.db, " WHERE " + " AND ".join(["a.story_id = ?", *hide]),
                               (story_id, *params))

    def story_stats(self, story_ids: Iterable[int | None]) -> dict[int, tuple[int, int, int]]:
        """(articles, distinct feeds, unread articles) of each story."""
        ids = [i for i in dict.fromkeys(story_ids) if i is not None]
        stats: dict[int, tuple[int, int, int]] = {}
        hide, params = self.hide_clauses("a")
        shown = "".join(" AND " + c for c in hide)
        for chunk in chunked(ids):
            for r in self.db.execute(
                    "SELECT story_id, count(*), count(DISTINCT feed_id), sum(read = 0) "
                    f"FROM articles a WHERE story_id IN ({marks(len(chunk))}){shown} "
                    "GROUP BY story_id", [*chunk, *params]):
                stats[r[0]] = (r[1], r[2], r[3] or 0)
        return stats

    def story_ids(self, article_ids: Iterable[int]) -> dict[int, int | None]:
        """The story of each article (None: not assigned yet)."""
        found: dict[int, int | None] = {}
        for chunk in chunked(article_ids):
            found.update(self.db.execute(
                f"SELECT id, story_id FROM articles WHERE id IN ({marks(len(chunk))})",
                chunk).fetchall())
        return found

    def mark_story_read(self, story_id: int, read: bool = True) -> int:
        """Mark (or unmark) every article of a story read; returns how many changed."""
        with self.transaction() as db:
            return db.execute("UPDATE articles SET read = ? WHERE story_id = ? AND read != ?",
                              (int(read), story_id, int(read))).rowcount

    # -- the headline list grouped by story ------------------------------------

    def story_rows(self, query: Query = EVERYTHING, *, limit: int | None = None,
                   offset: int = 0) -> list[Article]:
        """One article per story matching `query` (the newest of it that matches),
        articles without a story as themselves; newest first, a page at a time.

        An article is its story's row when no other article of the story, also
        matching `query`, is newer. The check is an index lookup (articles_story)
        per row walked, so a page costs what a page of the flat list costs.
        """
        query = self.visible(query)
        clauses, params = query.clauses()
        inner, inner_params = query.clauses("b", joined=False)
        clauses.append("(a.story_id IS NULL OR NOT EXISTS (SELECT 1 FROM articles b "
                       "WHERE b.story_id = a.story_id AND (b.published > a.published OR "
                       "(b.published = a.published AND b.id > a.id))"
                       + "".join(" AND " + c for c in inner) + "))")
        return select_articles(self.db, " WHERE " + " AND ".join(clauses),
                               params + inner_params, limit=limit, offset=offset)

    def story_row_count(self, query: Query = EVERYTHING) -> int:
        """How many rows `story_rows(query)` has: distinct stories, plus unassigned articles."""
        clauses, params = self.visible(query).clauses("a", joined=False)
        where = "".join(" AND " + c for c in clauses)
        # Two counts, not count(DISTINCT COALESCE(…)): unfiltered, the distinct
        # count reads only the articles_story index (4 ms at 100k, not 120).
        return self.db.execute(
            f"SELECT (SELECT count(*) FROM articles a WHERE a.story_id IS NULL{where}) + "
            f"(SELECT count(DISTINCT a.story_id) FROM articles a WHERE a.story_id IS NOT NULL"
            f"{where})", params + params).fetchone()[0]

    def mark_stories_read(self, query: Query = EVERYTHING) -> int:
        """Mark read every article matching `query` and every article of their stories
        (`A` in the story view: the rows there stand for whole stories)."""
        n = 0
        with self.transaction() as db:
            for q in self.visible(query).split_ids():
                where, params = q.where()
                view = ("SELECT a.id, a.story_id FROM articles a "
                        f"JOIN feeds f ON f.id = a.feed_id{where}")
                n += db.execute(
                    "UPDATE articles SET read = 1 WHERE read = 0 AND ("
                    f"id IN (SELECT id FROM ({view})) OR story_id IN "
                    f"(SELECT story_id FROM ({view}) WHERE story_id IS NOT NULL))",
                    params + params).rowcount
        return n
