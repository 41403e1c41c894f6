-- 0003: the MinHash signature of each article's cleaned body, so that LSH
-- candidates are checked without re-reading and re-shingling their bodies.
-- num_perm little-endian uint32 values (fingerprint.to_blob); no pickles.
-- Articles stored before this migration have none and are verified on their body.
CREATE TABLE signatures (
    article_id  INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash     BLOB NOT NULL
);
