-- 0005 on PostgreSQL: the same rule as a trigger function. When the kept article of a
-- duplicate group is deleted, its most complete remaining member is kept instead.
CREATE FUNCTION articles_kept_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    heir BIGINT;
BEGIN
    SELECT id INTO heir FROM articles WHERE duplicate_of = OLD.id
        ORDER BY length(body) DESC, coalesce(published, '9999'), id LIMIT 1;
    IF heir IS NOT NULL THEN
        UPDATE articles SET duplicate_of = heir WHERE duplicate_of = OLD.id AND id <> heir;
        UPDATE articles SET duplicate_of = NULL, similarity = NULL WHERE id = heir;
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER articles_kept_removed BEFORE DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_kept_removed();
