-- Search in drafts' titles (their client_name, or "Untitled") for any text
-- of three characters or more, in any case: an FTS5 index of the trigrams
-- of drafts.title_search, the title lower-cased as searches are, kept in
-- step by triggers. (How searches use it: search_sqlite.go.)
CREATE VIRTUAL TABLE drafts_search USING fts5(title_search, content = 'drafts', content_rowid = 'id',
    tokenize = 'trigram case_sensitive 1');
INSERT INTO drafts_search (drafts_search) VALUES ('rebuild');

CREATE TRIGGER drafts_search_insert AFTER INSERT ON drafts
BEGIN
    INSERT INTO drafts_search (rowid, title_search) VALUES (NEW.id, NEW.title_search);
END;

CREATE TRIGGER drafts_search_delete AFTER DELETE ON drafts
BEGIN
    INSERT INTO drafts_search (drafts_search, rowid, title_search) VALUES ('delete', OLD.id, OLD.title_search);
END;

-- Most saves keep the title: only a new one touches the index.
CREATE TRIGGER drafts_search_update AFTER UPDATE OF title_search ON drafts
WHEN NEW.title_search IS NOT OLD.title_search
BEGIN
    INSERT INTO drafts_search (drafts_search, rowid, title_search) VALUES ('delete', OLD.id, OLD.title_search);
    INSERT INTO drafts_search (rowid, title_search) VALUES (NEW.id, NEW.title_search);
END;
