-- Search in drafts' titles for any text, in any case: on PostgreSQL the
-- trigram index of 0006 (drafts_title_search, over the lower-cased title)
-- answers the LIKE of every search, and the planner chooses between it and
-- reading the drafts in the list's order. Nothing to add; SQLite's 0009
-- adds its own index.
SELECT 1;
