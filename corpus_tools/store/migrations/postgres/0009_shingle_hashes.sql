-- 0009 on PostgreSQL: BYTEA for the shingle hashes.
ALTER TABLE signatures ADD COLUMN shingles BYTEA;
