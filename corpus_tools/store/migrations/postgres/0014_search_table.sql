-- 0014 on PostgreSQL only: the full-text vectors move out of `articles` into a narrow table
-- of their own, beside the few columns a query's articles are read with (Store.matching_articles:
-- id, duplicate group, publication day; language and story as filters), so that
-- `timeline --query` reads that table's pages and never the articles' heap (265 MB at 100k
-- articles, most of it texts; a common word's matches touched nearly all of its pages).
-- The vector itself is kept out of line (TOAST) whenever the row would be wide: the match is
-- answered by the GIN index without reading it, and the table's own pages stay ~10 MB at 100k.
-- Triggers keep each row equal to its article's (SQLite's FTS5 index is already apart from the
-- rows: no migration there).
CREATE TABLE article_search (
    id            BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    duplicate_of  BIGINT,
    published     TEXT,
    language      TEXT NOT NULL,
    story_id      BIGINT,
    search        tsvector NOT NULL
) WITH (toast_tuple_target = 128);

INSERT INTO article_search (id, duplicate_of, published, language, story_id, search)
    SELECT id, duplicate_of, published, language, story_id, search FROM articles;
CREATE INDEX article_search_words ON article_search USING gin(search);
ALTER TABLE articles DROP COLUMN search;  -- its index goes with it

CREATE FUNCTION article_search_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO article_search (id, duplicate_of, published, language, story_id, search)
        VALUES (NEW.id, NEW.duplicate_of, NEW.published, NEW.language, NEW.story_id,
                to_tsvector('simple', coalesce(NEW.title, '') || ' ' || NEW.body));
    RETURN NULL;
END
$$;
CREATE TRIGGER article_search_insert AFTER INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION article_search_insert();

CREATE FUNCTION article_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.title IS DISTINCT FROM OLD.title OR NEW.body IS DISTINCT FROM OLD.body THEN
        UPDATE article_search SET duplicate_of = NEW.duplicate_of, published = NEW.published,
            language = NEW.language, story_id = NEW.story_id,
            search = to_tsvector('simple', coalesce(NEW.title, '') || ' ' || NEW.body)
            WHERE id = NEW.id;
    ELSE
        UPDATE article_search SET duplicate_of = NEW.duplicate_of, published = NEW.published,
            language = NEW.language, story_id = NEW.story_id
            WHERE id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER article_search_update AFTER UPDATE OF title, body, duplicate_of, published, language, story_id
    ON articles FOR EACH ROW
    WHEN (NEW.title IS DISTINCT FROM OLD.title OR NEW.body IS DISTINCT FROM OLD.body
          OR NEW.duplicate_of IS DISTINCT FROM OLD.duplicate_of OR NEW.published IS DISTINCT FROM OLD.published
          OR NEW.language IS DISTINCT FROM OLD.language OR NEW.story_id IS DISTINCT FROM OLD.story_id)
    EXECUTE FUNCTION article_search_update();
