-- 0008: stories that turned out to be one. When a new article shows that two stories
-- tell the same news (corpus_tools/stories.py, MERGE_THRESHOLD), the younger one's
-- articles move to the older one and its row stays, pointing at it, so that an id
-- someone noted (`triage timeline --story N`) still names its story.
ALTER TABLE stories ADD COLUMN merged_into INTEGER;
CREATE INDEX stories_merged_into ON stories(merged_into);
