#!/usr/bin/env bash
# Checks the Windows build on this Linux machine (`make windows-check`; not part of
# `make test`): spil.exe runs init, import, list, report, export, backup, restore
# and verify under Wine, in a user folder whose name has a space and a non-ASCII
# letter; a vault and a backup made on "Windows" open and restore with the Linux
# `spil`, and the reverse; and, when given, the installer is a valid NSIS
# executable whose contents 7-Zip can list.
#
#   scripts/windows-check.sh [INSTALLER.exe]
#
# Wine 8 lacks ProcessPrng (bcryptprimitives.dll), which Rust's standard library
# calls. A shim built from scripts/windows/processprng-shim.c goes into the
# temporary test folder beside spil.exe and is deleted with it; it is never
# installed or shipped. Any failing step stops the script with its name.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

TARGET=x86_64-pc-windows-gnu
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
WINE=${WINE:-$(command -v wine64 || echo /usr/lib/wine/wine64)}
WINESERVER=${WINESERVER:-$(command -v wineserver || echo /usr/lib/wine/wineserver)}
PASS="paard batterij niet plakband"
INSTALLER=${1:-}

STEP="start"
step() {
  STEP=$1
  printf '\n== %s\n' "$STEP"
}
fail() {
  printf '\nwindows-check: FAILED at step: %s\n' "$STEP" >&2
  exit 1
}
trap fail ERR

WORK=$(mktemp -d "${TMPDIR:-/tmp}/spil-windows-check.XXXXXX")
cleanup() {
  # Only this check's own Wine prefix is stopped, then its folder removed.
  if [[ -d $WORK/prefix ]]; then
    WINEPREFIX=$WORK/prefix "$WINESERVER" -k 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

step "build spil.exe ($TARGET, release) and the Linux spil"
# SPIL_CHECK_PREBUILT=1 runs against what is built already (a rerun while cargo is busy).
if [[ ${SPIL_CHECK_PREBUILT:-} != 1 ]]; then
  cargo build --release --target "$TARGET" -p spil-cli
  cargo build -p spil-cli
fi
LINUX_SPIL=$ROOT/target/debug/spil
kind=$(file -b "$ROOT/target/$TARGET/release/spil.exe")
echo "spil.exe: $kind"
[[ $kind == 'PE32+ executable (console) x86-64'* ]]

step "test folder: spil.exe and the ProcessPrng shim (test only)"
mkdir -p "$WORK/bin"
cp "$ROOT/target/$TARGET/release/spil.exe" "$WORK/bin/"
x86_64-w64-mingw32-gcc -O2 -shared -o "$WORK/bin/bcryptprimitives.dll" \
  scripts/windows/processprng-shim.c -ladvapi32

export WINEPREFIX=$WORK/prefix WINEARCH=win64 WINEDEBUG=-all LC_ALL=C.UTF-8
# The shim, not Wine's own DLL; no Mono or Gecko installer prompts for the prefix.
export WINEDLLOVERRIDES="bcryptprimitives=n;mscoree=;mshtml="
export SPIL_PASSPHRASE=$PASS
# Wine gives a file the access list its Unix mode implies. A user's profile on
# Windows admits only the user, SYSTEM and administrators: umask 077 is the same.
umask 077

step "create the Wine prefix"
"$WINE" wineboot --init >/dev/null 2>&1 || true
"$WINESERVER" -w
[[ -d $WINEPREFIX/drive_c ]]

# The Windows user folder "C:\Users\Zoë de Vries" is this Unix folder in the prefix.
WIN_HOME='C:\Users\Zoë de Vries'
UNIX_HOME="$WINEPREFIX/drive_c/users/Zoë de Vries"
mkdir -p "$UNIX_HOME/Documents/Spil-exports" "$UNIX_HOME/Documents/Spil back-ups" \
  "$UNIX_HOME/AppData/Roaming/nl.spil.app"
win() { "$WINE" "$WORK/bin/spil.exe" "$@"; }
lin() { "$LINUX_SPIL" "$@"; }
same() { # name, file a, file b
  if ! cmp -s "$2" "$3"; then
    echo "$1 differ:" >&2
    diff "$2" "$3" | head -20 >&2 || true
    false
  fi
  echo "$1: identical"
}

# A small caseload with a non-ASCII name; made-up people.
cat >"$UNIX_HOME/Documents/caseload.csv" <<'CSV'
youth_ref,given_name,family_name,birth_date,gender,bsn,postcode,practice,kern,municipality_code,referral_date,referrer,problem_areas,first_contact_date,triage,session_dates,closed_date,outcome,satisfaction,notes
J1,Zoë,Jansen,2012-05-17,f,111222333,6951 AB,De Linde,Dieren,GM0275,2024-03-01,gp,sleep;anxiety_mood,2024-03-04,ojg_support,2024-03-04;2024-03-11,,,,"slaapt slecht, ""soms"""
J2,Daan,de Vries,2010-01-09,m,,6952 CD,De Linde,Dieren,GM0275,2024-04-02,school,behaviour,2024-04-05,ojg_support,2024-04-05;2024-04-19;2024-05-03,2024-06-01,no_further_care,7,
J3,Fleur,Bakker,2014-11-30,f,,6953 EF,De Linde,Dieren,GM0275,2024-05-10,gp,anxiety_mood,2024-05-13,ojg_support,2024-05-13,,,,
CSV

V_WIN="$WIN_HOME\\Spil\\kluis"
V_WIN_UNIX="$UNIX_HOME/Spil/kluis"
PERIOD=(--from 2024-01-01 --to 2024-12-31)

step "Windows: init a vault in $V_WIN"
win init --vault "$V_WIN"
[[ -f $V_WIN_UNIX/vault.key ]]

step "Windows: import"
win import --vault "$V_WIN" "$WIN_HOME\\Documents\\caseload.csv"

step "Windows: list and report"
win list --vault "$V_WIN" --json >"$WORK/w-list.json"
grep -q 'Zoë' "$WORK/w-list.json"
win report --vault "$V_WIN" "${PERIOD[@]}" --json >"$WORK/w-report.json"
win report --vault "$V_WIN" "${PERIOD[@]}" >"$WORK/w-report.txt"
head -12 "$WORK/w-report.txt"

step "Windows: export"
win export --vault "$V_WIN" "${PERIOD[@]}" --out "$WIN_HOME\\Documents\\Spil-exports\\monitoring 2024.csv"
[[ -s "$UNIX_HOME/Documents/Spil-exports/monitoring 2024.csv" ]]

step "Windows: backup"
win backup --vault "$V_WIN" --out "$WIN_HOME\\Documents\\Spil back-ups\\kluis van Zoë.spilbackup"
B_WIN_UNIX="$UNIX_HOME/Documents/Spil back-ups/kluis van Zoë.spilbackup"
[[ -s $B_WIN_UNIX ]]

# Only the reading of access lists is checked here. Wine has none of its own: it
# derives them from Unix modes (other bits read as Everyone), and a list that
# Spil sets is turned back into a mode, not kept. docs/SECURITY.md says what that
# leaves unchecked.
step "Windows: verify (the vault folder is private)"
win verify --vault "$V_WIN" | tee "$WORK/w-verify.txt"
grep -q '^folder access *ok' "$WORK/w-verify.txt"

step "Windows: files replaced in place (new data key; new passphrase and back)"
win rekey --vault "$V_WIN" --data-key
SPIL_NEW_PASSPHRASE="$PASS 2" win rekey --vault "$V_WIN"
SPIL_PASSPHRASE="$PASS 2" win verify --vault "$V_WIN"
SPIL_PASSPHRASE="$PASS 2" SPIL_NEW_PASSPHRASE=$PASS win rekey --vault "$V_WIN"
win verify --vault "$V_WIN"

step "Linux opens the vault made on Windows"
lin verify --vault "$V_WIN_UNIX"
lin list --vault "$V_WIN_UNIX" --json >"$WORK/l-list.json"
same "list (Windows vs Linux)" "$WORK/w-list.json" "$WORK/l-list.json"
lin report --vault "$V_WIN_UNIX" "${PERIOD[@]}" --json >"$WORK/l-report.json"
same "report (Windows vs Linux)" "$WORK/w-report.json" "$WORK/l-report.json"
lin export --vault "$V_WIN_UNIX" "${PERIOD[@]}" --out "$WORK/l-export.csv"
same "export (Windows vs Linux)" "$UNIX_HOME/Documents/Spil-exports/monitoring 2024.csv" "$WORK/l-export.csv"

step "Linux restores the backup made on Windows"
lin restore --from "$B_WIN_UNIX" --vault "$WORK/linux/van windows"
lin verify --vault "$WORK/linux/van windows"
lin list --vault "$WORK/linux/van windows" --json >"$WORK/l-restored.json"
same "list after restore on Linux" "$WORK/w-list.json" "$WORK/l-restored.json"

step "Linux: init, import, backup"
V_LIN="$WORK/linux/kluis van Zoë"
lin init --vault "$V_LIN"
lin import --vault "$V_LIN" "$UNIX_HOME/Documents/caseload.csv"
lin list --vault "$V_LIN" --json >"$WORK/l2-list.json"
lin backup --vault "$V_LIN" --out "$UNIX_HOME/Documents/van linux.spilbackup"

step "Windows opens the vault made on Linux"
cp -r "$V_LIN" "$UNIX_HOME/Spil/linux-kluis"
win verify --vault "$WIN_HOME\\Spil\\linux-kluis"
win list --vault "$WIN_HOME\\Spil\\linux-kluis" --json >"$WORK/w2-list.json"
same "list (Linux vault on Windows)" "$WORK/l2-list.json" "$WORK/w2-list.json"

step "Windows restores the backup made on Linux into a new folder"
win restore --from "$WIN_HOME\\Documents\\van linux.spilbackup" --vault "$WIN_HOME\\AppData\\Roaming\\nl.spil.app\\vault"
win verify --vault "$WIN_HOME\\AppData\\Roaming\\nl.spil.app\\vault"
win list --vault "$WIN_HOME\\AppData\\Roaming\\nl.spil.app\\vault" --json >"$WORK/w2-restored.json"
same "list after restore on Windows" "$WORK/l2-list.json" "$WORK/w2-restored.json"

step "Windows restores over an existing vault (files replaced in place, old vault kept aside)"
SPIL_CURRENT_PASSPHRASE=$PASS win restore --from "$WIN_HOME\\Documents\\Spil back-ups\\kluis van Zoë.spilbackup" --vault "$V_WIN"
win verify --vault "$V_WIN"
win list --vault "$V_WIN" --json >"$WORK/w-restored.json"
same "list after restore over the vault" "$WORK/w-list.json" "$WORK/w-restored.json"
ls "$UNIX_HOME/Spil"

if [[ -n $INSTALLER ]]; then
  step "installer: a 64-bit Windows executable carrying an NSIS archive"
  ls -l "$INSTALLER"
  kind=$(file -b "$INSTALLER")
  echo "installer: $kind"
  [[ $kind == 'PE32+ executable (GUI) x86-64'* ]]
  7z l "$INSTALLER" >"$WORK/installer.txt"
  grep -E '^(Type|SubType) = ' "$WORK/installer.txt"
  grep -qx 'Type = Nsis' "$WORK/installer.txt"
  sed -n '/^   Date/,$p' "$WORK/installer.txt"
  for f in spil-app.exe spil.exe WebView2Loader.dll spil-console.cmd uninstall.exe; do
    grep -qE " $f\$" "$WORK/installer.txt" || { echo "$f is not in the installer" >&2; false; }
  done
  if grep -qi bcryptprimitives "$WORK/installer.txt"; then
    echo "the test-only ProcessPrng shim is in the installer" >&2
    false
  fi

  step "installer: silent install for this user, no administrator (Wine)"
  "$WINE" "$INSTALLER" /S
  "$WINESERVER" -w
  PROGRAMS="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Local/Programs/Spil"
  START_MENU="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
  ls -l "$PROGRAMS"
  for f in spil-app.exe spil.exe WebView2Loader.dll spil-console.cmd uninstall.exe; do
    [[ -f $PROGRAMS/$f ]] || { echo "$f was not installed" >&2; false; }
  done
  ls "$START_MENU" | grep -E '^Spil'
  [[ -f $START_MENU/Spil.lnk ]]
  "$WINE" reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\nl.spil.app' | grep -E 'DisplayName|UninstallString'

  step "installer: spil works from the Start menu's command prompt"
  # The shim goes beside the installed spil.exe for this run only, inside the
  # temporary prefix, and is removed before the uninstall.
  cp "$WORK/bin/bcryptprimitives.dll" "$PROGRAMS/"
  (cd "$WORK" && "$WINE" cmd /c "C:\\users\\$(id -un)\\AppData\\Local\\Programs\\Spil\\spil-console.cmd & spil --version") |
    tee "$WORK/console.txt"
  grep -q '^spil ' "$WORK/console.txt"
  rm "$PROGRAMS/bcryptprimitives.dll"

  step "installer: uninstall removes the program and keeps the data"
  DATA="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Roaming/nl.spil.app"
  mkdir -p "$DATA"
  cp -r "$V_WIN_UNIX" "$DATA/vault"
  "$WINE" "$PROGRAMS/uninstall.exe" /S
  "$WINESERVER" -w
  sleep 2 # the uninstaller runs on from a copy of itself
  "$WINESERVER" -w
  [[ ! -e $PROGRAMS/spil-app.exe && ! -e $PROGRAMS/spil.exe ]]
  [[ ! -e $START_MENU/Spil.lnk ]]
  lin verify --vault "$DATA/vault" >/dev/null
  echo "program removed; the vault in %APPDATA%\\nl.spil.app is still there and verifies"
fi

STEP=done
printf '\nwindows-check: all steps passed\n'
