-- Lists are read a page at a time from a place in them (keyset pages); each
-- page is one range of an index in the list's order.

-- The review queue: revisions under review, the longest waiting first.
-- (It replaces drafts_submitted, which the queue read before.)
CREATE INDEX revisions_under_review ON revisions (submitted_at, draft_id) WHERE outcome = '';
DROP INDEX drafts_submitted;

-- The approved manifests, the most recently approved first: of every
-- account, and of one.
CREATE INDEX revisions_approved_at ON revisions (decided_at DESC, draft_id DESC) WHERE outcome = 'approved';
CREATE INDEX revisions_approved_in_account ON revisions (account_id, decided_at DESC, draft_id DESC)
    WHERE outcome = 'approved';
