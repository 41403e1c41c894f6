-- 0021: each record of a file of records (a JSONL line, a JSON array item, a CSV row) keeps a hash of its own
-- bytes and of the reading options (`ingest._record_hash`). A scraper that appends to a JSONL file changes
-- the file's hash on every run, and every record of it was read, cleaned, dated and stored again, and counted
-- "updated": 999 records processed for one appended (13.5 s instead of 1 s). A record whose hash is the one
-- stored under its document key is now counted unchanged and not processed. NULL for a whole file's document
-- (the file's hash in `sources` decides for it) and for records stored before this migration (read once more).
-- The same SQL on both databases.
ALTER TABLE articles ADD COLUMN record_hash TEXT;
