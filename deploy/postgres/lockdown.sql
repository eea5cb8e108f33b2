-- Statistics lockdown for one wellbeing database. Run by a superuser, connected to that
-- database (catalogue grants are per database), after creating it and after every
-- PostgreSQL major upgrade. `wellbeing db check-deployment` verifies the result.
--
-- Every login may otherwise read the cumulative statistics views and functions: per-table
-- insert/update counters (pg_stat_user_tables and the like) show that `flags` or
-- `weekly_levels` rows were just written, and pg_stat_activity and pg_locks show which login
-- was connected and what it held. Together they tell a teamleader whose level rose in the
-- still-open week. The size functions tell, page by page, that a table grew. Monitoring keeps
-- all of them through pg_monitor.
DO $lockdown$
DECLARE
    v_object record;
BEGIN
    FOR v_object IN
        SELECT c.oid::regclass AS name
          FROM pg_catalog.pg_class AS c
         WHERE c.relkind = 'v'
           AND ((c.relnamespace = 'pg_catalog'::regnamespace
                 AND (c.relname LIKE 'pg\_stat\_%' OR c.relname LIKE 'pg\_statio\_%'
                      OR c.relname = 'pg_locks'))
                -- the pg_stat_statements extension, wherever it was installed
                OR c.relname LIKE 'pg\_stat\_statements%')
    LOOP
        EXECUTE format('REVOKE ALL ON %s FROM PUBLIC', v_object.name);
        EXECUTE format('GRANT SELECT ON %s TO pg_monitor', v_object.name);
    END LOOP;
    FOR v_object IN
        SELECT p.oid::regprocedure AS name
          FROM pg_catalog.pg_proc AS p
         WHERE p.pronamespace = 'pg_catalog'::regnamespace
           AND (p.proname LIKE 'pg\_stat\_get\_%'
                OR p.proname IN ('pg_lock_status', 'pg_relation_size', 'pg_table_size',
                                 'pg_indexes_size', 'pg_total_relation_size',
                                 'pg_database_size'))
    LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', v_object.name);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO pg_monitor', v_object.name);
    END LOOP;
END
$lockdown$;
