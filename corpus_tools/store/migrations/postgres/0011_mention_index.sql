-- 0011 on PostgreSQL: nothing. A row's long texts are stored apart (TOAST), so the short
-- columns the timeline reads come from the row itself; the portable file's index would
-- only cost writes.
SELECT 1;
