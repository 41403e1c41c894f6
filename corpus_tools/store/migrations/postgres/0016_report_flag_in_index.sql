-- 0016 (see the portable file): the events' article index carries `is_report` beside the event id, value
-- and granularity, so that `timeline --query`'s candidate step stays index-only.
DROP INDEX events_article;
CREATE INDEX events_article ON events(article_id) INCLUDE (id, value, granularity, is_report);
