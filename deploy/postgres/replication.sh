#!/bin/bash
# Runs once when the primary's volume is initialised: allow the replica to stream from the compose network.
set -euo pipefail
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
