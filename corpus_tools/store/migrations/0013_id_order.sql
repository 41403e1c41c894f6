-- 0013: the outlet's article id in the URL of an article dated by strong evidence (its record's
-- date field, structured metadata, its URL), for the id-order check of a date read in a text
-- (corpus_tools/id_order.py): `id_series` names the site and its id's shape, `id_number` the id.
-- Only strongly dated articles fill them, so the nearest one below or above an id is the first
-- index entry either way. Articles stored before this migration fill them when next re-ingested.
ALTER TABLE articles ADD COLUMN id_series TEXT;
ALTER TABLE articles ADD COLUMN id_number BIGINT;
CREATE INDEX articles_id_order ON articles(id_series, id_number);
