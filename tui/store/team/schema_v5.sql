-- callcoach team database, schema version 5: the policies ask who the role is once per query, not
-- once per row. A function call in a policy runs for every row read; wrapped in a scalar subquery
-- it is an InitPlan, run once (a supervisor reading a million calls asked pg_has_role a million
-- times). The same rules as version 1, word for word.

ALTER POLICY own_mapping ON callcoach.agent_roles USING (role = current_user OR (SELECT callcoach.is_supervisor()));

ALTER POLICY agent_calls ON callcoach.calls
    USING (agent = (SELECT callcoach.my_agent())) WITH CHECK (agent = (SELECT callcoach.my_agent()));
ALTER POLICY supervisor_reads_calls ON callcoach.calls USING ((SELECT callcoach.is_supervisor()));

ALTER POLICY agent_commitments ON callcoach.commitments
    USING (agent = (SELECT callcoach.my_agent())) WITH CHECK (agent = (SELECT callcoach.my_agent()));
ALTER POLICY supervisor_reads_commitments ON callcoach.commitments USING ((SELECT callcoach.is_supervisor()));

ALTER POLICY agent_actions ON callcoach.callback_actions
    USING (agent = (SELECT callcoach.my_agent())) WITH CHECK (agent = (SELECT callcoach.my_agent()));
ALTER POLICY supervisor_actions ON callcoach.callback_actions
    USING ((SELECT callcoach.is_supervisor())) WITH CHECK ((SELECT callcoach.is_supervisor()));

ALTER POLICY agent_comments ON callcoach.comments
    USING (agent = (SELECT callcoach.my_agent())) WITH CHECK (agent = (SELECT callcoach.my_agent()));
ALTER POLICY supervisor_comments ON callcoach.comments
    USING ((SELECT callcoach.is_supervisor())) WITH CHECK ((SELECT callcoach.is_supervisor()));

ALTER POLICY agent_live ON callcoach.live_state
    USING (agent = (SELECT callcoach.my_agent())) WITH CHECK (agent = (SELECT callcoach.my_agent()));
ALTER POLICY supervisor_reads_live ON callcoach.live_state USING ((SELECT callcoach.is_supervisor()));
