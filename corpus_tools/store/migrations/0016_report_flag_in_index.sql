-- 0016: the events' article index carries `is_report` too. `timeline --query` chooses its candidate
-- days from (event id, article, value, granularity, is_report) of every mention of the query's
-- articles (Store.mention_dates): a day's salience counts event dates, not report dates ("said on
-- Monday"), and a row's support weighs a report half. With the flag in the index that step still
-- reads no event row.
DROP INDEX events_article;
CREATE INDEX events_article ON events(article_id, value, granularity, is_report);
