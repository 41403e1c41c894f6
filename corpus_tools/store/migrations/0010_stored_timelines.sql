-- 0010: the finished timelines of the questions asked most (the CLI's default `triage
-- timeline`), stored by the ingest or copy that changed the store, so that a reader
-- prints what it shows instead of merging every mention of the candidate days.
-- `question` names the options and the code that answered (timeline.stored_question);
-- `built_at` is store_state.changes when it was built: a settled batch bumps that
-- counter, and a reader whose counter differs (a writer killed before rebuilding, a
-- copy cut off) or whose code differs computes the timeline from the mentions instead.
CREATE TABLE stored_timelines (
    question  TEXT NOT NULL PRIMARY KEY,
    built_at  INTEGER NOT NULL,
    data      TEXT NOT NULL                  -- the rows as JSON (timeline.row_as_dict of each)
);
