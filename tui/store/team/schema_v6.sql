-- callcoach team database, schema version 6: a rare word in the notes found through an index.
-- Each month's partition gets a trigram index (pg_trgm, GIN) on the search text, `notes`: typed
-- words of three letters or more are then asked as notes LIKE '%word%', which the index answers
-- (a rare order number in a millisecond instead of reading every month's notes), with exactly the
-- meaning the history has on one machine (each typed word anywhere in the text, any language:
-- trigrams need no word breaks, so Chinese and Korean notes are found as they are typed).
--
-- The index is per partition, not on `calls` itself, so a load can leave it for afterwards: a
-- trigram index kept up row by row made `import --team` of 100,000 calls 12 to 23 s slower. A
-- month made by a desk's push gets its index at once (empty, so free); `import --team` makes its
-- new months without it and indexes them after its commit; `callcoach db init` indexes every month
-- that has none (after this upgrade: every month), one month per transaction. A month without its
-- index is still searched, by reading it, with the same answers.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The index of one month's partition ('calls_2026_11'); true when it was built now. SECURITY
-- DEFINER: only the tables' owner may index them, and import --team or a desk's push may run this.
CREATE OR REPLACE FUNCTION callcoach.index_month_notes(month_table text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, callcoach SET maintenance_work_mem = '256MB' AS $$
DECLARE
    trgm_schema name := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm');
BEGIN
    IF month_table !~ '^calls_[0-9]{4}_[0-9]{2}$' OR to_regclass(format('callcoach.%I', month_table)) IS NULL THEN
        RAISE EXCEPTION 'no month partition %', month_table;
    END IF;
    IF to_regclass(format('callcoach.%I', month_table || '_notes')) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON callcoach.%I USING gin (notes %I.gin_trgm_ops)',
                   month_table || '_notes', month_table, trgm_schema);
    RETURN true;
END
$$;

-- The month partitions whose notes have no index yet, newest first.
CREATE OR REPLACE FUNCTION callcoach.unindexed_months() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, callcoach AS $$
    SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'callcoach.calls'::regclass
      AND to_regclass(format('callcoach.%I', c.relname || '_notes')) IS NULL
    ORDER BY c.relname DESC
$$;

-- The month partition for a moment; `indexed`: with its notes index (a push), or without it (a
-- load that indexes the month after its rows are in). A month that exists is left as it is.
CREATE OR REPLACE FUNCTION callcoach.ensure_month(moment timestamptz, indexed boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, callcoach AS $$
DECLARE
    first date := date_trunc('month', moment AT TIME ZONE 'UTC')::date;
    name text := format('calls_%s', to_char(first, 'YYYY_MM'));
BEGIN
    IF to_regclass(format('callcoach.%I', name)) IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext(name));
        BEGIN
            EXECUTE format(
                'CREATE TABLE callcoach.%I PARTITION OF callcoach.calls FOR VALUES FROM (%L) TO (%L)',
                name, (first::timestamp AT TIME ZONE 'UTC'), ((first + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
            IF indexed THEN
                PERFORM callcoach.index_month_notes(name);
            END IF;
        EXCEPTION WHEN duplicate_table THEN
            NULL;  -- made by a push that committed while this one waited
        END;
    END IF;
END
$$;

-- A push's month, as before, now with its index.
CREATE OR REPLACE FUNCTION callcoach.ensure_month(moment timestamptz) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, callcoach AS $$
    SELECT callcoach.ensure_month(moment, true)
$$;

REVOKE ALL ON FUNCTION callcoach.index_month_notes(text), callcoach.unindexed_months(), callcoach.ensure_month(timestamptz, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION callcoach.index_month_notes(text), callcoach.unindexed_months(), callcoach.ensure_month(timestamptz, boolean)
    TO callcoach_agent, callcoach_supervisor;

-- The calls of one month whose notes hold every pattern (LIKE '%word%'), at most `most`, in no
-- order: the history's first look for typed words, through the month's index. SECURITY DEFINER
-- because row-level security keeps a LIKE (not leakproof) from using an index at all for the
-- agents' and supervisors' roles; so it applies the same rule as the policies itself, to the role
-- that logged in: a supervisor's calls are everyone's, an agent's its own, anyone else's none.
-- Only ids come back; the history then reads those calls as the role, through the policies.
CREATE OR REPLACE FUNCTION callcoach.notes_matching(month_from timestamptz, month_to timestamptz, patterns text[], most integer)
RETURNS TABLE (id text, started_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, callcoach AS $$
DECLARE
    words text := '';
BEGIN
    FOR i IN 1 .. coalesce(array_length(patterns, 1), 0) LOOP
        words := words || format(' AND c.notes LIKE $3[%s]', i);  -- planned with the values: the index serves each
    END LOOP;
    RETURN QUERY EXECUTE
        'SELECT c.id, c.started_at FROM callcoach.calls c WHERE c.started_at >= $1 AND c.started_at < $2' || words
        || ' AND ((SELECT pg_has_role(session_user, ''callcoach_supervisor'', ''MEMBER''))
                  OR c.agent = (SELECT r.agent FROM callcoach.agent_roles r WHERE r.role = session_user)) LIMIT $4'
        USING month_from, month_to, patterns, most;
END
$$;
REVOKE ALL ON FUNCTION callcoach.notes_matching(timestamptz, timestamptz, text[], integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION callcoach.notes_matching(timestamptz, timestamptz, text[], integer) TO callcoach_agent, callcoach_supervisor;
