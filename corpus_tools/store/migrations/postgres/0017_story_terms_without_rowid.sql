-- 0017 on PostgreSQL: SQLite's term index becomes a WITHOUT ROWID table (../0017); a server's tables are
-- heaps with their indexes beside them, so nothing changes here but the planner's statistics.
ANALYZE story_terms;
