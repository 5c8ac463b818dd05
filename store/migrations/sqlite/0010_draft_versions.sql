-- A draft's history: every document it was saved with, kept as versions.
--
-- Triggers on drafts write it, so that no way of saving can forget to and a
-- save stays one statement. Saves by one person in a run that started less
-- than 5 minutes before are one version (the run's last document), except a
-- restore, which is always a version of its own and never grows; a draft
-- keeps its latest 200 versions. store/versions.go names both figures
-- (VersionMergeWindow, VersionsKept) for the pages that explain them.

-- The version a save restored, when it did; NULL for every other save.
ALTER TABLE drafts ADD COLUMN restored_from INTEGER;

-- version is the draft's version (drafts.version) at the version's last
-- save; first_version that of its first, when several were merged.
CREATE TABLE draft_versions (
    draft_id       INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL CHECK (version >= 1),
    first_version  INTEGER NOT NULL CHECK (first_version BETWEEN 1 AND version),
    document       TEXT NOT NULL,
    saved_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    first_saved_at TEXT NOT NULL,
    saved_at       TEXT NOT NULL,
    restored_from  INTEGER,
    PRIMARY KEY (draft_id, version)
);

-- Drafts as they are now are their first versions.
INSERT INTO draft_versions (draft_id, version, first_version, document, saved_by, first_saved_at, saved_at)
SELECT id, version, version, document, updated_by, updated_at, updated_at FROM drafts;

CREATE TRIGGER drafts_first_version AFTER INSERT ON drafts
BEGIN
    INSERT INTO draft_versions (draft_id, version, first_version, document, saved_by, first_saved_at, saved_at)
    VALUES (NEW.id, NEW.version, NEW.version, NEW.document, NEW.created_by, NEW.created_at, NEW.created_at);
END;

CREATE TRIGGER drafts_saved_version AFTER UPDATE OF document ON drafts
WHEN NEW.document IS NOT OLD.document
BEGIN
    -- Merge into the latest version: same person, run started within 5
    -- minutes, neither a restore. Times are text of one fixed width (see
    -- timeLayout in store.go), so whole minutes are taken off the time's
    -- seconds and its fraction kept as it is, for an exact comparison.
    UPDATE draft_versions
    SET version = NEW.version, document = NEW.document, saved_at = NEW.updated_at
    WHERE draft_id = NEW.id
        AND version = (SELECT max(version) FROM draft_versions WHERE draft_id = NEW.id)
        AND NEW.restored_from IS NULL AND restored_from IS NULL
        AND NEW.updated_by IS NOT NULL AND saved_by = NEW.updated_by
        AND first_saved_at > strftime('%Y-%m-%dT%H:%M:%S', NEW.updated_at, '-5 minutes') || substr(NEW.updated_at, 20);
    -- Else a version of its own.
    INSERT INTO draft_versions (draft_id, version, first_version, document, saved_by, first_saved_at, saved_at, restored_from)
    SELECT NEW.id, NEW.version, NEW.version, NEW.document, NEW.updated_by, NEW.updated_at, NEW.updated_at, NEW.restored_from
    WHERE NOT EXISTS (SELECT 1 FROM draft_versions WHERE draft_id = NEW.id AND version = NEW.version);
    -- Keep the latest 200.
    DELETE FROM draft_versions
    WHERE draft_id = NEW.id
        AND version < (SELECT version FROM draft_versions WHERE draft_id = NEW.id
                       ORDER BY version DESC LIMIT 1 OFFSET 199);
END;
