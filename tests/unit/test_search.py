"""Search through the real store: normalization (SPEC §4.8), query syntax, filters,
the index kept in step with upserts, and the index built by the migration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tui import store as store_mod
from tui.models import ParsedArticle
from tui.search import parse_query, search, to_fts
from tui.store import Query, Store

NOW = datetime.now(UTC).replace(microsecond=0)


def item(guid: str, title: str, content: str = "", *, hours_ago: float = 1,
         summary: str = "") -> ParsedArticle:
    return ParsedArticle(guid=guid, link=f"https://example.org/{guid}", title=title,
                         content=content, summary=summary,
                         published=NOW - timedelta(hours=hours_ago))


def titles(articles) -> set[str]:
    return {a.title for a in articles}


# -- SPEC §4.8 as query/document pairs ----------------------------------------------

@pytest.mark.parametrize(
    ("query", "document", "found"),
    [
        ("لافروف", "لافرُوف يصل إلى أنقرة", True),                 # harakat
        ("تركيا وسوريا", "العلاقات بين ترکیا وسوریا", True),      # Persian ک ی
        ("أوغلو", "جاويش اوغلو في موسكو", True),                 # alef forms
        ("اوغلو", "جاويش أوغلو في موسكو", True),
        ("إيران", "آيران ايران", True),
        ("سيرغي", "سيرجي لافروف", False),                        # a variant, not a fold
        ("مستشفى", "افتتاح المستشفي الجديد", False),             # a different word form
        ("المستشفى", "افتتاح المستشفي الجديد", True),            # ى → ي
        ("مدرسة", "بناء مدرسه جديدة", True),                     # ة → ه
        ("مسؤول", "قال مسوول في الوزارة", True),                  # hamza carriers
        ("جميل", "يوم جميـــل", True),                           # tatweel
        ("2024", "في عام ٢٠٢٤ وقع", True),                       # Arabic-Indic digits
        ("١٤٠٣", "سال ۱۴۰۳ شمسی", True),                         # extended digits
        ("المستشفى", "ﺍﻟﻤﺴﺘﺸﻔﻰ المركزي", True),                   # presentation forms
        ("PORT", "Port workers strike", True),                   # case
        ("يك", "یک روز", True),
        # The index splits words at any script's punctuation and drops Latin accents.
        ("مصر", "«مصر»، والأردن؟", True),                        # Arabic punctuation
        ('"مصر والاردن"', "«مصر»، والأردن؟", True),              # a phrase across «»،
        ("«مصر»", "زار مصر أمس", True),                          # the query split alike
        ("cafe", "Le café de Paris", True),                      # Latin accents
        ("ECOLE", "L'école est fermée", True),
        ("istanbul", "İstanbul'da toplantı", True),              # Turkish dotted İ
        ("москва", "Москва — столица", True),                    # other scripts as they are
        ("नमस", "नमस्ते दुनिया", True),                            # split at virama, as before
    ],
)
def test_normalization_pairs(store, query, document, found):
    store.upsert_articles("https://f.example/rss", [item("1", document), item("2", "غير ذلك")])
    assert (document in titles(search(store, query))) is found


def test_body_text_is_searched_without_its_markup(store):
    store.upsert_articles("https://f.example/rss", [
        item("1", "عنوان", "<p>قال <strong>لافرُوف</strong> &amp; غيره</p>"
                           "<script>var secret = 1;</script>"),
    ])
    assert titles(search(store, "لافروف")) == {"عنوان"}
    assert search(store, "secret") == []
    assert search(store, "strong") == []


# -- query syntax -------------------------------------------------------------------

@pytest.fixture
def corpus(store):
    store.upsert_articles("https://a.example/rss", [
        item("1", "سيرغي لافروف يزور أنقرة", hours_ago=1),
        item("2", "لافروف سيرغي في موسكو", hours_ago=2),
        item("3", "Port workers end a three-day strike", hours_ago=3),
        item("4", "Portugal wins the cup", hours_ago=4),
    ])
    store.upsert_articles("https://b.example/rss", [
        item("5", "أمطار غزيرة في أنقرة", hours_ago=30),
        item("6", "جاويش أوغلو يلتقي لافروف", hours_ago=24 * 10),
    ])
    return store


def test_words_are_anded_and_phrases_keep_order(corpus):
    assert titles(search(corpus, "لافروف أنقرة")) == {"سيرغي لافروف يزور أنقرة"}
    assert titles(search(corpus, '"سيرغي لافروف"')) == {"سيرغي لافروف يزور أنقرة"}
    assert titles(search(corpus, "لافروف AND موسكو")) == {"لافروف سيرغي في موسكو"}


def test_or_negation_and_prefix(corpus):
    assert titles(search(corpus, "موسكو OR أمطار")) == {"لافروف سيرغي في موسكو",
                                                        "أمطار غزيرة في أنقرة"}
    assert titles(search(corpus, "لافروف -أنقرة -أوغلو")) == {"لافروف سيرغي في موسكو"}
    assert titles(search(corpus, '-"سيرغي لافروف"')) == {
        "لافروف سيرغي في موسكو", "Port workers end a three-day strike",
        "Portugal wins the cup", "أمطار غزيرة في أنقرة", "جاويش أوغلو يلتقي لافروف"}
    assert titles(search(corpus, "port*")) == {"Port workers end a three-day strike",
                                               "Portugal wins the cup"}
    assert titles(search(corpus, "port")) == {"Port workers end a three-day strike"}


def test_results_newest_first_or_by_rank(corpus):
    found = search(corpus, "لافروف")
    assert [a.published for a in found] == sorted((a.published for a in found), reverse=True)
    corpus.upsert_articles("https://c.example/rss", [
        item("7", "خبر", "كلمة " * 50 + " لافروف", hours_ago=0.5),
    ])
    assert search(corpus, "لافروف")[0].title == "خبر"
    assert search(corpus, "لافروف", sort="rank")[-1].title == "خبر"  # body-only, long


@pytest.mark.parametrize("hostile", [
    '"', '""', "*", "-", "OR", "AND", "NOT", "NEAR(a b)", "a NOT", "(", ")", "title:x",
    '"unclosed', "a OR", "OR a", "^a", "a:b:c", "col:", "'; DROP TABLE articles; --",
    "لافروف\"*)", "-*", "* * *", "\x00", "a" * 5000, "{title}: x", "+", "a + b",
])
def test_no_query_is_an_fts5_error(corpus, hostile):
    search(corpus, hostile)
    search(corpus, hostile, sort="rank")
    search(corpus, "-" + hostile)


def test_terms_always_reach_fts5_quoted():
    match, exclude = to_fts(parse_query('a NEAR(b) "c d" -e OR f* x"y'))
    assert match == '("a") AND ("near(b)") AND ("c d") AND ("f"*) AND ("x""y")'
    assert exclude == '"e"'


# -- filters ------------------------------------------------------------------------

def test_filters(corpus):
    tags = {"https://a.example/rss": ("أخبار", "world"), "https://b.example/rss": ("طقس",)}
    assert titles(search(corpus, "أنقرة feed:b.example")) == {"أمطار غزيرة في أنقرة"}
    assert titles(search(corpus, "أنقرة tag:طقس", tags=tags)) == {"أمطار غزيرة في أنقرة"}
    assert titles(search(corpus, "أنقرة tag:WORLD", tags=tags)) == {"سيرغي لافروف يزور أنقرة"}
    assert search(corpus, "أنقرة tag:nothing", tags=tags) == []
    assert titles(search(corpus, "لافروف since:2d")) == {"سيرغي لافروف يزور أنقرة",
                                                        "لافروف سيرغي في موسكو"}
    first = search(corpus, "لافروف")[0]
    corpus.mark_read([first.id])
    corpus.toggle_star(first.id)
    assert first.id not in {a.id for a in search(corpus, "لافروف is:unread")}
    assert [a.id for a in search(corpus, "is:starred")] == [first.id]
    assert len(search(corpus, "since:2d")) == 5  # filters only: all they let through


def test_filters_narrow_the_base_query(corpus):
    base = Query(feed_urls=("https://a.example/rss",))
    assert titles(search(corpus, "أنقرة", base)) == {"سيرغي لافروف يزور أنقرة"}
    assert search(corpus, "أنقرة feed:b.example", base) == []


def test_feed_filter_matches_the_feed_title(corpus):
    corpus.record_success("https://b.example/rss", etag=None, last_modified=None,
                          body_hash=None, site_title="جريدة الطقس")
    assert titles(search(corpus, 'أنقرة feed:"جريدة الطقس"')) == {"أمطار غزيرة في أنقرة"}


# -- the index stays in step --------------------------------------------------------

def test_updates_and_purge_keep_the_index_in_step(store):
    url = "https://f.example/rss"
    store.upsert_articles(url, [item("2", "old", hours_ago=2000)],
                          now=(NOW - timedelta(hours=2000)).timestamp())
    store.upsert_articles(url, [item("1", "لافروف في أنقرة")])
    store.upsert_articles(url, [item("1", "فيدان في أنقرة")])
    assert search(store, "لافروف") == []
    assert titles(search(store, "فيدان")) == {"فيدان في أنقرة"}
    assert store.purge(keep_days=30) == 1
    assert search(store, "old") == []
    assert [row[0] for row in store.search_index()] == [a.id for a in store.articles()]


def test_a_store_indexed_before_the_ascii_tokenizer_still_finds_its_articles(tmp_path,
                                                                           monkeypatch):
    """Schema 8 re-tokenizes the index of an existing store: no article is lost to
    search, and words next to punctuation or with accents are found as before."""
    old_path = tmp_path / "old.db"
    with monkeypatch.context() as m:
        m.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS[:7])
        with Store(old_path) as v7:
            v7.upsert_articles("https://f.example/rss", [
                item("1", "«مصر»، والأردن", "<p>Le café d'İstanbul</p>"),
                item("2", "غير ذلك")])
            assert "unicode61" in v7.db.execute(
                "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()[0]
    with Store(old_path) as migrated:
        assert migrated.schema_version == len(store_mod.MIGRATIONS)
        for query in ("مصر", "والاردن", "cafe", "istanbul", "café"):
            assert titles(search(migrated, query)) == {"«مصر»، والأردن"}, query
        migrated.upsert_articles("https://f.example/rss", [item("3", "مصر اليوم")])
        assert titles(search(migrated, "مصر")) == {"«مصر»، والأردن", "مصر اليوم"}
        migrated.db.execute("DELETE FROM articles WHERE guid = '1'")  # the purge's trigger
        assert titles(search(migrated, "مصر")) == {"مصر اليوم"}


def test_index_built_by_the_migration_equals_the_incremental_one(tmp_path, monkeypatch):
    items = [
        item("1", "لافرُوف يصل إلى أنقرة", "<p>قال <b>جاويش أوغلو</b> إن&nbsp;المباحثات</p>"),
        item("2", "ترکیا وسوریا", summary="ملخص قصير"),
        item("3", "Port workers", "<div>strike <i>ends</i></div>", summary="short"),
    ]
    with Store(tmp_path / "new.db") as fresh:
        fresh.upsert_articles("https://f.example/rss", items)
        incremental = fresh.search_index()

    old_path = tmp_path / "old.db"
    with monkeypatch.context() as m:
        m.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS[:1])
        with Store(old_path) as v1:
            assert v1.schema_version == 1
            # Rows as schema v1 wrote them (today's upsert writes later columns).
            v1.db.execute("INSERT INTO feeds (url) VALUES ('https://f.example/rss')")
            v1.db.executemany(
                "INSERT INTO articles (feed_id, key, guid, title, summary, content, published, "
                "first_seen, last_seen) VALUES (1, ?, ?, ?, ?, ?, 0, 0, 0)",
                [(store_mod.article_key("https://f.example/rss", i), i.guid, i.title,
                  i.summary, i.content) for i in items])
    with Store(old_path) as migrated:
        assert migrated.schema_version == len(store_mod.MIGRATIONS)
        assert migrated.search_index() == incremental
        assert titles(search(migrated, "لافروف")) == {"لافرُوف يصل إلى أنقرة"}
