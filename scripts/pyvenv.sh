#!/usr/bin/env bash
# Creates the Python environment of the privacy tests in target/pyvenv, only when it
# is missing or tests/python/requirements.txt changed since, and prints its path.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/pyvenv
stamp=$venv/.requirements
if [[ ! -x $venv/bin/python || ! -f $stamp ]] || ! cmp -s tests/python/requirements.txt "$stamp"; then
  echo "pyvenv: installing tests/python/requirements.txt into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/python/requirements.txt
  cp tests/python/requirements.txt "$stamp"
fi
echo "$venv"
