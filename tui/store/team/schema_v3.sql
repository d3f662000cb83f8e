-- callcoach team database, schema version 3: the caller's history when the phone rings. An agent
-- reads only its own calls (row-level security), but the desk should say what happened the last
-- time this number called anyone on the team. caller_history() answers exactly that and nothing
-- more (how many calls, the newest one's date, outcome and category, the promises made to the
-- number and what became of them): never note text, never another column. SECURITY DEFINER so it
-- reads past the policies; executable by the two group roles only. Written to be applied again.

CREATE INDEX IF NOT EXISTS calls_caller ON callcoach.calls (caller, started_at DESC);

CREATE OR REPLACE FUNCTION callcoach.caller_history(number text) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, callcoach AS $$
    WITH theirs AS (
        SELECT id, started_at, outcome, category, status FROM callcoach.calls WHERE caller = number
    ), promises AS (
        SELECT m.uid, m.call_id, m.started_at, m.window_start, m.window_end
        FROM callcoach.commitments m WHERE m.call_id IN (SELECT id FROM theirs)
    )
    SELECT jsonb_build_object(
        'n', (SELECT count(*) FROM theirs),
        'last', (SELECT jsonb_build_object('id', id, 'start', extract(epoch FROM started_at), 'outcome', coalesce(outcome, ''),
                                           'category', coalesce(category, ''), 'status', status)
                 FROM theirs ORDER BY started_at DESC, id DESC LIMIT 1),
        'cbs', coalesce((SELECT jsonb_agg(jsonb_build_object(
                             'id', call_id, 'start', extract(epoch FROM started_at),
                             'cb', jsonb_build_object('uid', uid, 'start', extract(epoch FROM window_start), 'end', extract(epoch FROM window_end))))
                         FROM promises), '[]'::jsonb),
        'actions', coalesce((SELECT jsonb_agg(a.action ORDER BY a.at) FROM callcoach.callback_actions a
                             WHERE a.uid IN (SELECT uid FROM promises)), '[]'::jsonb)
    )
$$;

REVOKE ALL ON FUNCTION callcoach.caller_history(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION callcoach.caller_history(text) TO callcoach_agent, callcoach_supervisor;
