-- 0004: the signature of a fixed text under the store's parameters. Stored
-- signatures are only comparable while the MinHash library hashes the same way
-- (datasketch 2.0 changed its default scheme); a different canary means a
-- library change, and the store refuses to mix old and new signatures.
ALTER TABLE fingerprint_params ADD COLUMN canary BLOB;
