-- 0005: when the kept article of a duplicate group leaves the store (its line was
-- removed from a JSONL file, say), the most complete remaining member is kept
-- instead and the others point at it, so the group still counts once. Runs
-- before the row goes, so the ON DELETE SET NULL of duplicate_of finds nothing.
-- Every statement goes through the index on duplicate_of (no table scan).
CREATE TRIGGER articles_kept_removed BEFORE DELETE ON articles
WHEN EXISTS (SELECT 1 FROM articles WHERE duplicate_of = old.id)
BEGIN
    UPDATE articles SET duplicate_of = (
        SELECT id FROM articles WHERE duplicate_of = old.id
        ORDER BY length(body) DESC, coalesce(published, '9999'), id LIMIT 1)
    WHERE duplicate_of = old.id AND id != (
        SELECT id FROM articles WHERE duplicate_of = old.id
        ORDER BY length(body) DESC, coalesce(published, '9999'), id LIMIT 1);
    -- only the new kept article still points at the old one
    UPDATE articles SET duplicate_of = NULL, similarity = NULL WHERE duplicate_of = old.id;
END;
