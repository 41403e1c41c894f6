-- 0011: the columns of an article that the timeline reads with each event mention, in one
-- index. SQLite stores `duplicate_of` and `story_id` (columns added after the table was
-- made) behind the raw text and the body: reading them from the table walks each
-- article's overflow pages, several times the cost of reading the index. The store names
-- this index in the timeline's queries (SQLiteConnection.mention_articles).
CREATE INDEX articles_mentions ON articles(id, duplicate_of, story_id, published, language, outlet, title, url);
