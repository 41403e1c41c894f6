-- 0002 on PostgreSQL: 64-bit band keys, no WITHOUT ROWID.
CREATE TABLE fingerprint_params (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    shingle_size  INTEGER NOT NULL,
    num_perm      INTEGER NOT NULL,
    bands         INTEGER NOT NULL,
    seed          BIGINT NOT NULL
);

CREATE TABLE lsh_bands (
    band_key    BIGINT NOT NULL,
    article_id  BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_id)
);
CREATE INDEX lsh_bands_article ON lsh_bands(article_id);

ALTER TABLE articles ADD COLUMN duplicate_of BIGINT REFERENCES articles(id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN similarity DOUBLE PRECISION;
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
