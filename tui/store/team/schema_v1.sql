-- callcoach team database, schema version 1 (tui/store/team/migrations.py applies it in one
-- transaction). Row-level security does the access control: an agent role sees and writes only its
-- own agent's rows, a supervisor role reads everything and writes comments and callback actions, a
-- role that is neither sees nothing.

CREATE SCHEMA IF NOT EXISTS callcoach;

CREATE TABLE callcoach.schema_version (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- Which agent name (the config's `agent`) a login role stands for.
CREATE TABLE callcoach.agent_roles (
    role name PRIMARY KEY,
    agent text NOT NULL
);

-- The caller's agent name (NULL for a role that is not an agent). Not SECURITY DEFINER: inside
-- one, current_user would be the definer.
CREATE FUNCTION callcoach.my_agent() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT agent FROM callcoach.agent_roles WHERE role = current_user
$$;

CREATE FUNCTION callcoach.is_supervisor() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, 'callcoach_supervisor', 'MEMBER')
$$;

-- Calls, partitioned by month of start (UTC) so retention drops partitions.
CREATE TABLE callcoach.calls (
    id text NOT NULL,
    started_at timestamptz NOT NULL,
    agent text NOT NULL,
    caller text,
    status text NOT NULL CHECK (status IN ('completed', 'interrupted')),
    playbook text NOT NULL DEFAULT '',
    outcome text,
    category text,
    seconds real NOT NULL DEFAULT 0,
    flags text[] NOT NULL DEFAULT '{}',
    notes text NOT NULL DEFAULT '',
    summary jsonb NOT NULL DEFAULT '{}',
    record jsonb NOT NULL,
    machine text,
    pushed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, started_at)
) PARTITION BY RANGE (started_at);
CREATE INDEX calls_started ON callcoach.calls (started_at DESC, id DESC);
CREATE INDEX calls_agent ON callcoach.calls (agent, started_at DESC);
CREATE INDEX calls_outcome ON callcoach.calls (outcome, started_at DESC);
CREATE INDEX calls_category ON callcoach.calls (category, started_at DESC);
CREATE INDEX calls_flags ON callcoach.calls USING gin (flags);
CREATE INDEX calls_pushed ON callcoach.calls (pushed_at DESC);

-- The month partition for a moment, callcoach.ensure_month(), and its grant: schema_v2.sql, the
-- one definition (a database made at version 1 had an earlier body, which version 2 replaces).

-- Callback commitments, one row per promise (the latest `callback` event of its call).
CREATE TABLE callcoach.commitments (
    uid text PRIMARY KEY,
    call_id text NOT NULL,
    agent text NOT NULL,
    started_at timestamptz NOT NULL,
    window_start timestamptz NOT NULL,
    window_end timestamptz NOT NULL,
    event jsonb NOT NULL
);
CREATE INDEX commitments_agent ON callcoach.commitments (agent, window_start);

-- What happened to a commitment afterwards: kept, rescheduled, cancelled (by anyone allowed).
CREATE TABLE callcoach.callback_actions (
    id text PRIMARY KEY,
    uid text NOT NULL,
    agent text NOT NULL,
    type text NOT NULL,
    at timestamptz NOT NULL,
    action jsonb NOT NULL,
    by_role name NOT NULL DEFAULT current_user,
    pushed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX callback_actions_agent ON callcoach.callback_actions (agent, pushed_at);
CREATE INDEX callback_actions_uid ON callcoach.callback_actions (uid);

-- Supervisors' comments on calls.
CREATE TABLE callcoach.comments (
    id text PRIMARY KEY,
    call_id text NOT NULL,
    agent text NOT NULL,
    comment jsonb NOT NULL,
    by_role name NOT NULL DEFAULT current_user,
    pushed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX comments_call ON callcoach.comments (call_id);
CREATE INDEX comments_agent ON callcoach.comments (agent, pushed_at);

-- Each machine's outbox position: a record at or below last_seq is already stored (exactly once).
CREATE TABLE callcoach.machines (
    machine text PRIMARY KEY,
    role name NOT NULL DEFAULT current_user,
    agent text NOT NULL,
    last_seq bigint NOT NULL DEFAULT 0,
    last_push timestamptz
);

-- The desks' live state for the wallboard: never note text, never the caller's number.
CREATE TABLE callcoach.live_state (
    agent text PRIMARY KEY,
    machine text NOT NULL,
    state text NOT NULL CHECK (state IN ('idle', 'ringing', 'on call', 'on hold', 'wrap-up', 'offline')),
    step text,
    step_title text,
    step_seconds real,
    step_target real,
    call_seconds real,
    since timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION callcoach.notify_live() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('callcoach_live', NEW.agent);
    RETURN NEW;
END
$$;
CREATE TRIGGER live_state_notify AFTER INSERT OR UPDATE ON callcoach.live_state
    FOR EACH ROW EXECUTE FUNCTION callcoach.notify_live();

-- Row-level security.
ALTER TABLE callcoach.calls ENABLE ROW LEVEL SECURITY;
ALTER TABLE callcoach.commitments ENABLE ROW LEVEL SECURITY;
ALTER TABLE callcoach.callback_actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE callcoach.comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE callcoach.machines ENABLE ROW LEVEL SECURITY;
ALTER TABLE callcoach.live_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE callcoach.agent_roles ENABLE ROW LEVEL SECURITY;

CREATE POLICY own_mapping ON callcoach.agent_roles FOR SELECT USING (role = current_user OR callcoach.is_supervisor());

CREATE POLICY agent_calls ON callcoach.calls FOR ALL
    USING (agent = callcoach.my_agent()) WITH CHECK (agent = callcoach.my_agent());
CREATE POLICY supervisor_reads_calls ON callcoach.calls FOR SELECT USING (callcoach.is_supervisor());

CREATE POLICY agent_commitments ON callcoach.commitments FOR ALL
    USING (agent = callcoach.my_agent()) WITH CHECK (agent = callcoach.my_agent());
CREATE POLICY supervisor_reads_commitments ON callcoach.commitments FOR SELECT USING (callcoach.is_supervisor());

CREATE POLICY agent_actions ON callcoach.callback_actions FOR ALL
    USING (agent = callcoach.my_agent()) WITH CHECK (agent = callcoach.my_agent());
CREATE POLICY supervisor_actions ON callcoach.callback_actions FOR ALL
    USING (callcoach.is_supervisor()) WITH CHECK (callcoach.is_supervisor());

CREATE POLICY agent_comments ON callcoach.comments FOR ALL
    USING (agent = callcoach.my_agent()) WITH CHECK (agent = callcoach.my_agent());
CREATE POLICY supervisor_comments ON callcoach.comments FOR ALL
    USING (callcoach.is_supervisor()) WITH CHECK (callcoach.is_supervisor());

CREATE POLICY own_machine ON callcoach.machines FOR ALL
    USING (role = current_user) WITH CHECK (role = current_user);

CREATE POLICY agent_live ON callcoach.live_state FOR ALL
    USING (agent = callcoach.my_agent()) WITH CHECK (agent = callcoach.my_agent());
CREATE POLICY supervisor_reads_live ON callcoach.live_state FOR SELECT USING (callcoach.is_supervisor());

-- Privileges: the two group roles (created by migrations.py when missing) get what the policies
-- then narrow down.
GRANT USAGE ON SCHEMA callcoach TO callcoach_agent, callcoach_supervisor;
GRANT SELECT ON callcoach.schema_version, callcoach.agent_roles TO callcoach_agent, callcoach_supervisor;
GRANT SELECT, INSERT, UPDATE ON callcoach.calls, callcoach.commitments TO callcoach_agent;
GRANT SELECT ON callcoach.calls, callcoach.commitments TO callcoach_supervisor;
GRANT SELECT, INSERT, UPDATE ON callcoach.callback_actions, callcoach.comments TO callcoach_agent, callcoach_supervisor;
GRANT SELECT, INSERT, UPDATE ON callcoach.machines TO callcoach_agent, callcoach_supervisor;
GRANT SELECT, INSERT, UPDATE ON callcoach.live_state TO callcoach_agent;
GRANT SELECT ON callcoach.live_state TO callcoach_supervisor;
