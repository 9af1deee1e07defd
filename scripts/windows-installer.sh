#!/usr/bin/env bash
# Bundles the cross-built Windows app and `spil.exe` into an NSIS installer with
# Debian's makensis (`make windows` builds both first). Output:
# target/windows/Spil-<version>-setup.exe. The installer script is
# packaging/windows/spil.nsi; what goes in is staged in target/windows/stage/.
#
# Not Tauri's own NSIS bundling: from Linux it downloads a plugin DLL
# (nsis_tauri_utils) at build time, from outside the package registries.
# The app keeps its binary name, spil-app.exe: "Spil.exe" would be the same
# file as spil.exe on Windows' case-insensitive file system.
set -euo pipefail
cd "$(dirname "$0")/.."

RELEASE=target/x86_64-pc-windows-gnu/release
OUT=target/windows
STAGE=$OUT/stage
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
[[ -n $VERSION ]] || { echo "no version in Cargo.toml" >&2; exit 1; }

rm -rf "$STAGE"
mkdir -p "$STAGE"
for f in spil-app.exe spil.exe WebView2Loader.dll; do
  [[ -f $RELEASE/$f ]] || { echo "missing $RELEASE/$f: run \`make windows\`" >&2; exit 1; }
  cp "$RELEASE/$f" "$STAGE/"
done
# The Start menu's command prompt runs this: `spil` works there, from any folder.
printf '%s\r\n' \
  '@echo off' \
  'set "PATH=%~dp0;%PATH%"' \
  "echo Spil $VERSION: spil --help" \
  >"$STAGE/spil-console.cmd"

SETUP=$OUT/Spil-$VERSION-setup.exe
makensis -V2 -INPUTCHARSET UTF8 \
  "-DVERSION=$VERSION" \
  "-DSTAGE=$PWD/$STAGE" \
  "-DICON=$PWD/src-tauri/icons/icon.ico" \
  "-DOUTFILE=$PWD/$SETUP" \
  packaging/windows/spil.nsi
ls -l "$SETUP"
