-- 0003 on PostgreSQL: BYTEA for the signature blob.
CREATE TABLE signatures (
    article_id  BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash     BYTEA NOT NULL
);
