-- 0019 on PostgreSQL: nothing to do. SQLite's migration drops the trigger that filled its FTS5 index on
-- insert (the writer does it, Store.index_text); the server's search rows stay filled by the triggers
-- of 0014, which write no index segment per statement.
SELECT 1;
