"""setup.sql and lockdown.sql, which a PostgreSQL superuser runs with psql; installed, they
are written out by `wellbeing db deployment-scripts`."""
