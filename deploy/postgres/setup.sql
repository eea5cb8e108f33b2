-- One-time setup of a wellbeing database, run by a superuser with psql:
--   psql -v ON_ERROR_STOP=1 -v owner=OWNER -v database=DATABASE -f deploy/postgres/setup.sql
-- It creates the least-privilege owner role that runs every migration afterwards, the
-- group roles people's logins join, the NOLOGIN role that owns the functions running with
-- elevated rights, the database, and locks the statistics views of that database down.
-- Give the owner a password (or a client certificate) as your site requires.
\set ON_ERROR_STOP 1

-- Roles are cluster-wide: those that exist already (another wellbeing database) are kept.
SELECT format('CREATE ROLE %I NOLOGIN', name)
  FROM unnest(ARRAY['wellbeing_agent', 'wellbeing_teamleader', 'wellbeing_admin',
                    'wellbeing_definer']) AS name
 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = name)
\gexec
CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
-- The owner hands the functions that run with elevated rights over to wellbeing_definer.
GRANT wellbeing_definer TO :"owner";
-- The trend function carries the organisation's k as its own setting (migration 0003);
-- PostgreSQL 15 lets only a superuser or a grantee set a custom parameter there.
GRANT SET ON PARAMETER wellbeing.team_trends_k TO :"owner";
CREATE DATABASE :"database" OWNER :"owner";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database"
   TO wellbeing_agent, wellbeing_teamleader, wellbeing_admin;

\connect :"database"
\ir lockdown.sql
