-- 0004 on PostgreSQL: BYTEA for the canary signature.
ALTER TABLE fingerprint_params ADD COLUMN canary BYTEA;
