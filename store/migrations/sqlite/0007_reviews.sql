-- The review workflow: a draft's state, the revisions it was submitted as,
-- the transitions between states, and reviewers' comments.
--
-- A draft's latest revision number and whether it has an approved revision
-- are not stored on the draft: they are read from revisions, which is the one
-- place that knows.

-- drafts.state (0006) gets the values it may hold. SQLite cannot add a CHECK
-- to an existing table, so triggers hold the line.
CREATE TRIGGER drafts_state_insert BEFORE INSERT ON drafts
WHEN NEW.state NOT IN ('draft', 'submitted', 'changes_requested', 'approved')
BEGIN
    SELECT RAISE(ABORT, 'drafts.state: not a state');
END;

CREATE TRIGGER drafts_state_update BEFORE UPDATE OF state ON drafts
WHEN NEW.state NOT IN ('draft', 'submitted', 'changes_requested', 'approved')
BEGIN
    SELECT RAISE(ABORT, 'drafts.state: not a state');
END;

-- The review queue: submitted live drafts.
CREATE INDEX drafts_submitted ON drafts (id) WHERE state = 'submitted' AND deleted_at IS NULL;

-- A revision is a draft's document frozen when it was submitted: the exact
-- bytes, never changed afterwards. account_id repeats the draft's (a draft
-- never moves) so that finalized names can be checked across accounts
-- without a join. client_name_key is the lower-cased client_name, for a
-- case-insensitive comparison beyond ASCII. outcome is '' while under review.
CREATE TABLE revisions (
    draft_id        INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    number          INTEGER NOT NULL CHECK (number >= 1),
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    client_name     TEXT NOT NULL,
    client_name_key TEXT NOT NULL,
    document        BLOB NOT NULL,
    sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
    submitted_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    submitted_at    TEXT NOT NULL,
    outcome         TEXT NOT NULL DEFAULT ''
                    CHECK (outcome IN ('', 'withdrawn', 'changes_requested', 'approved')),
    decided_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_at      TEXT,
    PRIMARY KEY (draft_id, number),
    CHECK ((outcome = '') = (decided_at IS NULL))
);

-- Finalized manifests: the approved revisions, per draft and by name.
CREATE INDEX revisions_approved ON revisions (draft_id, number) WHERE outcome = 'approved';
CREATE INDEX revisions_approved_names ON revisions (client_name_key, account_id) WHERE outcome = 'approved';

-- Nothing approved can change: what was submitted stays as it was, and an
-- outcome, once decided, stays decided. (Who submitted or decided may become
-- NULL when that person is deleted.)
CREATE TRIGGER revisions_immutable BEFORE UPDATE ON revisions
WHEN NEW.draft_id IS NOT OLD.draft_id OR NEW.number IS NOT OLD.number
    OR NEW.account_id IS NOT OLD.account_id OR NEW.client_name IS NOT OLD.client_name
    OR NEW.client_name_key IS NOT OLD.client_name_key OR NEW.document IS NOT OLD.document
    OR NEW.sha256 IS NOT OLD.sha256 OR NEW.submitted_at IS NOT OLD.submitted_at
    OR (OLD.outcome <> '' AND (NEW.outcome IS NOT OLD.outcome OR NEW.decided_at IS NOT OLD.decided_at))
BEGIN
    SELECT RAISE(ABORT, 'revisions: a revision cannot change once written');
END;

CREATE TRIGGER revisions_approved_kept BEFORE DELETE ON revisions
WHEN OLD.outcome = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'revisions: approved manifests are kept');
END;

CREATE TRIGGER drafts_approved_kept BEFORE DELETE ON drafts
WHEN EXISTS (SELECT 1 FROM revisions WHERE draft_id = OLD.id AND outcome = 'approved')
BEGIN
    SELECT RAISE(ABORT, 'drafts: approved manifests are kept');
END;

-- Every change of a draft's state: the activity timeline. revision is the
-- draft's latest revision number when it happened (0 for none).
CREATE TABLE transitions (
    id         INTEGER PRIMARY KEY,
    draft_id   INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    revision   INTEGER NOT NULL CHECK (revision >= 0),
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    by         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    at         TEXT NOT NULL,
    CHECK (from_state <> to_state)
);

CREATE INDEX transitions_by_draft ON transitions (draft_id, id);

CREATE TRIGGER transitions_immutable BEFORE UPDATE ON transitions
WHEN NEW.draft_id IS NOT OLD.draft_id OR NEW.revision IS NOT OLD.revision
    OR NEW.from_state IS NOT OLD.from_state OR NEW.to_state IS NOT OLD.to_state OR NEW.at IS NOT OLD.at
BEGIN
    SELECT RAISE(ABORT, 'transitions: the record of what happened cannot change');
END;

-- Comments on a revision, general (pointer '') or on the field a JSON
-- Pointer names.
CREATE TABLE comments (
    id          INTEGER PRIMARY KEY,
    draft_id    INTEGER NOT NULL,
    revision    INTEGER NOT NULL,
    pointer     TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL CHECK (body <> ''),
    author_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    resolved_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    resolved_at TEXT,
    FOREIGN KEY (draft_id, revision) REFERENCES revisions (draft_id, number) ON DELETE CASCADE
);

CREATE INDEX comments_by_draft ON comments (draft_id, id);
