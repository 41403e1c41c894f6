-- 0007: what the timeline ranks by, per event date and per publication day, so that
-- choosing the candidate dates reads a few hundred rows instead of every mention.
-- Rebuilt by the ingest that changed the store (Store.refresh_aggregates); `built_at`
-- is the `changes` counter it was built from, and a reader whose counter differs
-- (a run killed before rebuilding) counts from the mentions instead.
CREATE TABLE event_days (
    value     TEXT NOT NULL,
    level     TEXT NOT NULL,                 -- 'day', or 'coarse' (week, month, season, year)
    clusters  INTEGER NOT NULL,              -- independent articles: duplicate groups count once
    PRIMARY KEY (value, level)
);
CREATE INDEX event_days_rank ON event_days(level, clusters);

CREATE TABLE published_days (
    day       TEXT NOT NULL PRIMARY KEY,
    clusters  INTEGER NOT NULL
);

CREATE TABLE store_state (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    changes   INTEGER NOT NULL,              -- bumped by every settled batch
    built_at  INTEGER NOT NULL               -- `changes` when the two tables above were built
);
INSERT INTO store_state (id, changes, built_at) VALUES (1, 1, 0);
