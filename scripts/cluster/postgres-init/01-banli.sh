#!/bin/sh
# docker-compose.yml's PostgreSQL, on its first start: the roles and databases scripts/cluster.sh
# creates too — temporal owns Temporal's two databases, banli its own.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE temporal LOGIN PASSWORD '$TEMPORAL_DB_PASSWORD';
CREATE ROLE banli LOGIN PASSWORD '$BANLI_DB_PASSWORD';
CREATE DATABASE temporal OWNER temporal ENCODING 'UTF8';
CREATE DATABASE temporal_visibility OWNER temporal ENCODING 'UTF8';
CREATE DATABASE banli OWNER banli ENCODING 'UTF8';
SQL
