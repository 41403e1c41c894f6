-- 0012 on PostgreSQL: the portable file's index, with the date columns carried in the index
-- (INCLUDE) rather than sorted: an index-only scan once the table's pages are all-visible
-- (after autovacuum), as on SQLite.
DROP INDEX events_article;
CREATE INDEX events_article ON events(article_id) INCLUDE (value, granularity);
