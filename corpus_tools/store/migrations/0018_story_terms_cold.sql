-- 0018: the stories' term index pruned by date (docs/stories.md, "Thirteenth round"). A lookup reads only
-- the rows of stories whose last date is on or after its `since` (the article's date less the link window);
-- rows older than every lookup's `since` are never read, yet they stay in the index's B-tree, which then
-- outgrows the writer's page cache. `story_horizon` holds the date below which a story's rows live in
-- `story_terms_cold` instead of `story_terms`: moved there once every lookup reaches no lower, moved back
-- when an older article's lookup does (corpus_tools/store/stories.py). Keyed by date first: the stories a
-- pruning moves are appended at its end, and those an older article needs are one range. '' at first:
-- nothing is cold.
CREATE TABLE story_terms_cold (
    last_date TEXT NOT NULL,
    story_id  INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    term      TEXT NOT NULL,
    PRIMARY KEY (last_date, story_id, term)
) WITHOUT ROWID;
CREATE TABLE story_horizon (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    horizon TEXT NOT NULL
);
INSERT INTO story_horizon (id, horizon) VALUES (1, '');
