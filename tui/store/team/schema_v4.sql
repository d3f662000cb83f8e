-- callcoach team database, schema version 4: the history's filters answered by the database at a
-- team's scale (1,000,000 calls, 200 agents). A filter reads the newest rows first and stops at a
-- page, so a filter that keeps many rows needs no index of its own (outcome, category: a fifth of
-- the calls each); the indexes no query used cost every import and push, and go. Kept: newest
-- first (calls_started), one agent's (calls_agent), a number's (calls_caller). Added: the flagged
-- calls, newest first. The note text has no index: a trigram index (pg_trgm) made loading 100,000
-- calls 23 s slower (27 s against 4.4 s for the rows alone), so a rare word is found by reading.

DROP INDEX IF EXISTS callcoach.calls_outcome, callcoach.calls_category, callcoach.calls_flags, callcoach.calls_pushed;
CREATE INDEX IF NOT EXISTS calls_flagged ON callcoach.calls (started_at DESC, id DESC) WHERE flags <> '{}';
