-- callcoach team database, schema version 2: the month partition for a moment, created on
-- demand; SECURITY DEFINER so an agent's push may create next month's. Its one definition: a
-- database made at version 1 has an earlier body, replaced here, in which two pushes creating the
-- same month at once failed (the second waited on the advisory lock, then still saw no partition,
-- its catalog view taken before the first committed, and failed on "already exists"); now that
-- is the same as found.

CREATE OR REPLACE FUNCTION callcoach.ensure_month(moment timestamptz) RETURNS void
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
        EXCEPTION WHEN duplicate_table THEN
            NULL;  -- made by a push that committed while this one waited
        END;
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION callcoach.ensure_month(timestamptz) TO callcoach_agent, callcoach_supervisor;
