-- 0018 on PostgreSQL: the cold part of the stories' term index and its horizon (../0018). A plain table:
-- a server's tables are heaps with their indexes beside them.
CREATE TABLE story_terms_cold (
    last_date TEXT NOT NULL,
    story_id  BIGINT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    term      TEXT NOT NULL,
    PRIMARY KEY (last_date, story_id, term)
);
CREATE TABLE story_horizon (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    horizon TEXT NOT NULL
);
INSERT INTO story_horizon (id, horizon) VALUES (1, '');
