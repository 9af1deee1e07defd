#!/usr/bin/env bash
# Installs what cross-building Spil for Windows needs, and only what is missing:
# the MinGW-w64 compilers (linker, and C for SQLCipher and OpenSSL), NSIS's
# makensis, wine64 and 7-Zip (for `make windows-check`), and Rust's
# x86_64-pc-windows-gnu standard library. Not part of `make test`. A warm run
# costs well under a second. Runs as root on Debian 12, like bootstrap.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'windows-toolchain: %s\n' "$*"; }

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

APT_PACKAGES=(
  gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64
  nsis
  wine64
  p7zip-full
)
TARGET=x86_64-pc-windows-gnu

installed=$(dpkg-query -W -f='${Package} ${Status}\n')
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  grep -qx "$pkg install ok installed" <<<"$installed" || missing+=("$pkg")
done
if ((${#missing[@]} > 0)); then
  log "apt-get install ${missing[*]}"
  sudo=()
  if ((EUID != 0)); then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v rustup >/dev/null || { log "rustup is missing: the $TARGET standard library comes from rustup"; exit 1; }
if ! rustup target list --installed | grep -qx "$TARGET"; then
  log "rustup target add $TARGET"
  rustup target add "$TARGET"
fi
