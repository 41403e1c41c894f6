-- 0008 on PostgreSQL: the same column as the portable file, as wide as the story ids.
ALTER TABLE stories ADD COLUMN merged_into BIGINT;
CREATE INDEX stories_merged_into ON stories(merged_into);
