-- PostgreSQL's 0014 bounds the pending list of its trigram index of titles.
-- SQLite's index of titles (0009) has nothing of the kind.
SELECT 1;
