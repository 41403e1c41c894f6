-- 0012: an article's event dates read from the index alone. `timeline --query` first reads
-- (event id, article, value, granularity) of every mention of the matching articles to
-- choose the candidate dates (Store.mention_dates); with the value and granularity in the
-- article index, that step no longer visits each event's row (whose sentence and actors
-- make it wide). The wider index replaces the one on article_id alone, which it covers.
DROP INDEX events_article;
CREATE INDEX events_article ON events(article_id, value, granularity);
