-- 0002: near-duplicate detection that persists across runs.
CREATE TABLE fingerprint_params (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    shingle_size  INTEGER NOT NULL,
    num_perm      INTEGER NOT NULL,
    bands         INTEGER NOT NULL,
    seed          INTEGER NOT NULL
);

-- LSH band keys: a new article finds its candidates through this index,
-- in time independent of the size of the corpus.
CREATE TABLE lsh_bands (
    band_key    INTEGER NOT NULL,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;
CREATE INDEX lsh_bands_article ON lsh_bands(article_id);

-- Each duplicate points at the kept article of its group, with its similarity to it.
ALTER TABLE articles ADD COLUMN duplicate_of INTEGER REFERENCES articles(id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN similarity REAL;
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
