-- The editor's JSON section keeps what is typed: text that does not parse
-- yet is stored beside the document, which stays the last version that
-- did, until the text parses or is discarded. '' while there is none.
ALTER TABLE drafts ADD COLUMN json_text TEXT NOT NULL DEFAULT '';
