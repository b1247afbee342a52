#!/bin/sh
# Installs the project's dependencies when they are missing or older than the lockfile, so that the README's
# commands work straight after `git clone`. npm has already put node_modules/.bin (with Node 22) on PATH.
set -e
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "loganomaly: installing dependencies (npm ci)…" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
