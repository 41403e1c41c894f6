-- 0020: each event mention's sentence keeps its terms (issue 13, `timeline --query` at 100k). The timeline
-- weighs every mention it reads by its sentence's term vector: the sentence lower-cased, split by the
-- stories' token pattern, its language's stopwords left out (`stories._analyzer`). A query at 100k articles
-- read 8k distinct sentences and tokenised each one, about a sixth of the whole command. `terms` holds those
-- words, in order, joined by single spaces (a word holds no space), written by the end step of the ingest or
-- copy that stored the event (`timeline.fill_event_terms`); NULL until then, and a reader tokenises the
-- sentence itself. `store_state.terms_key` names the token pattern and language files they were made with
-- (`timeline.terms_key`): a reader whose own differ reads none of them, and the next ingest makes them again.
-- The partial index finds the events still without terms (a new batch's) without reading the others.
-- The same SQL on both databases.
ALTER TABLE events ADD COLUMN terms TEXT;
ALTER TABLE store_state ADD COLUMN terms_key TEXT;
CREATE INDEX events_terms_missing ON events(id) WHERE terms IS NULL;
