-- 0015 on PostgreSQL only: the events' article index carries the event id too, as SQLite's carries its
-- rowid: `timeline --query`'s candidate step reads (event id, article, value, granularity) of every
-- mention of the query's articles (Store.mention_dates), and without the id in the index each of them was
-- read from the table (0012 made the scan index-only in name only).
DROP INDEX events_article;
CREATE INDEX events_article ON events(article_id) INCLUDE (id, value, granularity);
