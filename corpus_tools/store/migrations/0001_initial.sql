-- 0001: sources, articles, and what the pipeline derives from them.
CREATE TABLE sources (
    id            INTEGER PRIMARY KEY,
    path          TEXT NOT NULL UNIQUE,      -- absolute file path, or stdin:<sha256>
    content_hash  TEXT NOT NULL,             -- sha256 of the file's bytes when fully ingested
    size          INTEGER NOT NULL DEFAULT 0,
    mtime         REAL,
    first_seen    TEXT NOT NULL,
    last_seen     TEXT NOT NULL
);

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    source_id       INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    doc_key         TEXT NOT NULL UNIQUE,    -- path, or path#Ln for a JSONL record
    source_line     INTEGER,
    external_id     TEXT,
    title           TEXT,
    published       TEXT,                    -- YYYY-MM-DD
    published_from  TEXT,                    -- provenance of `published`
    author          TEXT,
    outlet          TEXT,
    url             TEXT,
    language        TEXT NOT NULL DEFAULT 'und',
    language_prob   REAL NOT NULL DEFAULT 0,
    raw_text        TEXT NOT NULL,
    body            TEXT NOT NULL,
    body_hash       TEXT NOT NULL,
    dropped         TEXT NOT NULL DEFAULT '[]',  -- JSON [{"text","reason","line_no"}]
    ingested_at     TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX articles_source ON articles(source_id);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_body_hash ON articles(body_hash);

CREATE TABLE dates (
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    value        TEXT NOT NULL,
    granularity  TEXT NOT NULL,
    mod          TEXT
);
CREATE INDEX dates_article ON dates(article_id);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    label        TEXT NOT NULL,
    trigger      TEXT NOT NULL,
    actors       TEXT NOT NULL DEFAULT '[]',  -- JSON list
    value        TEXT NOT NULL,
    granularity  TEXT NOT NULL,
    sentence     TEXT NOT NULL,
    is_report    INTEGER NOT NULL DEFAULT 0,
    start        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_value ON events(value);

-- Corpus evidence for clutter: how many articles of an outlet carry a short line.
CREATE TABLE outlet_lines (
    outlet    TEXT NOT NULL,
    line_key  TEXT NOT NULL,
    articles  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (outlet, line_key)
) WITHOUT ROWID;

-- Full-text search over title and body for `timeline --query`.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles', content_rowid='id');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, coalesce(new.title, ''), new.body);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, coalesce(old.title, ''), old.body);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, coalesce(old.title, ''), old.body);
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, coalesce(new.title, ''), new.body);
END;
