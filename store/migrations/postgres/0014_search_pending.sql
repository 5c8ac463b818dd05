-- The trigram index of titles (0006) takes new entries into a pending list
-- that every search reads through, until vacuum or the list's limit (4 MB
-- by default) moves them into the index. Every save of a draft adds a row
-- version, so entries, to every index: with autosaves the list fills fast,
-- and a search over 20,000 drafts took 8.5 ms with 12,000 entries pending
-- where it takes 1.4 ms with none. A small list keeps searches near the
-- latter while saves still add their entries in batches.
ALTER INDEX drafts_title_search SET (gin_pending_list_limit = 256);
