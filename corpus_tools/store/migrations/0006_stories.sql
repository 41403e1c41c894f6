-- 0006: stories — articles grouped by content into one news story across outlets and days
-- (corpus_tools/stories.py). Portable SQL: plain tables and indexes, no SQLite-only syntax.
-- `centroid` is the story's mean TF-IDF vector, its strongest terms as JSON {term: weight}.
CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    first_date  TEXT NOT NULL,
    last_date   TEXT NOT NULL,
    articles    INTEGER NOT NULL DEFAULT 0,
    centroid    TEXT NOT NULL DEFAULT '{}',
    title       TEXT,
    title_score REAL NOT NULL DEFAULT 0
);
CREATE INDEX stories_last_date ON stories(last_date);

-- Inverted index on the top terms of each story's centroid, with the story's last date,
-- so that a new article meets only stories active in the window that share a term.
CREATE TABLE story_terms (
    term      TEXT NOT NULL,
    last_date TEXT NOT NULL,
    story_id  INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    PRIMARY KEY (term, last_date, story_id)
);
CREATE INDEX story_terms_story ON story_terms(story_id);

-- Document frequencies of the terms seen so far (the IDF stays stable across runs);
-- the row with term '' holds the number of documents.
CREATE TABLE term_df (
    term TEXT PRIMARY KEY,
    df   INTEGER NOT NULL DEFAULT 0
);

ALTER TABLE articles ADD COLUMN story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL;
CREATE INDEX articles_story ON articles(story_id);
