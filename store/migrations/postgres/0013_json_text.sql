-- The editor's JSON section keeps what is typed: text that does not parse
-- yet is stored beside the document, which stays the last version that
-- did, until the text parses or is discarded. Bytes, as the document is
-- (text that does not parse may hold what PostgreSQL's text cannot); empty
-- while there is none.
ALTER TABLE drafts ADD COLUMN json_text BYTEA NOT NULL DEFAULT ''::bytea;
