-- 0009: each article's distinct word shingles as sorted 64-bit hashes
-- (fingerprint.shingle_hashes: little-endian uint64, SHA-1's first 8 bytes), so that
-- dedup verifies a candidate on its stored hashes instead of re-reading and
-- re-shingling its body. Articles signed before this migration have NULL and are
-- verified on their body, as before.
ALTER TABLE signatures ADD COLUMN shingles BLOB;
