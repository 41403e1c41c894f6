-- 0019: new articles reach the full-text index through the writer's own statements (Store.index_text),
-- not a trigger. A statement that fires a trigger runs in a statement savepoint, and FTS5 writes the
-- terms it holds in memory to a new segment at every savepoint: each stored article became a segment
-- of its own, merged into bigger ones again and again (issue 13: about a tenth of the writer's
-- instructions). Now a batch's articles are written to the index once, at its commit; the index holds
-- the same terms, positions and rows. Updates and deletions still go through the triggers of 0001.
DROP TRIGGER IF EXISTS articles_ai;
