#!/usr/bin/env bash
# `make run`: starts the app on development data, never on a real vault.
#
# On a first run (no vault in .dev-data/ yet) it offers a demo vault instead: a
# synthetic caseload of 400 trajectories made by `spil demo` in .dev-demo/, with a
# passphrase printed here, so a newcomer sees a full caseload at once.
# SPIL_DEMO=1 opens the demo without asking; SPIL_DEMO=0 never offers it.
set -euo pipefail
cd "$(dirname "$0")/.."

app=target/debug/spil-app
spil=target/debug/spil
dev=$PWD/.dev-data
demo=$PWD/.dev-demo
demo_passphrase="demo alleen: paard batterij niet plakband"

want_demo=${SPIL_DEMO:-ask}
if [[ $want_demo == ask ]]; then
  want_demo=0
  if [[ ! -e $dev/vault/vault.key && -t 0 ]]; then
    read -r -p "Nog geen kluis in .dev-data/. Een demokluis met 400 verzonnen trajecten openen? [J/n] " answer
    [[ ${answer:-j} =~ ^[JjYy] ]] && want_demo=1
  fi
fi

if [[ $want_demo == 1 ]]; then
  if [[ ! -e $demo/vault/vault.key ]]; then
    echo "run: making a demo vault in $demo (synthetic data, no real clients)"
    SPIL_PASSPHRASE=$demo_passphrase "$spil" demo --vault "$demo/vault" --trajectories 400
  fi
  echo "run: the demo vault's passphrase is: $demo_passphrase"
  SPIL_DATA_DIR=$demo exec "$app"
fi
SPIL_DATA_DIR=$dev exec "$app"
