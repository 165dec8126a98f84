#!/bin/sh
# Runs once, when the database volume is first created (docker-entrypoint-initdb.d): the role
# that owns the tables and runs the migrations, and the role the server connects as, which
# owns nothing and so can neither change the audit log nor switch its triggers off.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v owner_password="$HOTLINE_OWNER_PASSWORD" -v app_password="$HOTLINE_APP_PASSWORD" <<'SQL'
CREATE ROLE hotline_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE hotline_app LOGIN PASSWORD :'app_password';
CREATE DATABASE hotline OWNER hotline_owner;
SQL
