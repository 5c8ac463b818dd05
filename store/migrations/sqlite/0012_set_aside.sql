-- Values the editor keeps beside a draft's document but not in it: a
-- webhook or the engagement block switched off keeps what was typed in it,
-- to come back when switched on. A JSON object keyed by JSON Pointer; ''
-- while nothing is set aside.
ALTER TABLE drafts ADD COLUMN set_aside TEXT NOT NULL DEFAULT '';
