#!/usr/bin/env bash
# Runs the end-to-end tests (one window at a time) under Xvfb.
#
# WebKitGTK's compositor thread crashes its web process now and then under Mesa's
# software renderer (see CONTRIBUTING.md, "End-to-end tests"). The harness marks a
# failure whose web process is gone with "[web process lost]"; such a test, and only
# such a test, is run once more, and this script says so. Any other failure fails.
set -uo pipefail
cd "$(dirname "$0")/.."
log=target/e2e-run.log
mkdir -p target
xvfb() { xvfb-run -a -s "-screen 0 1280x800x24" "$@"; }

xvfb cargo test -p spil-e2e --no-fail-fast -- --test-threads=1 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] && exit 0

failed=$(sed -n 's/^test \(.*\) \.\.\. FAILED$/\1/p' "$log" | sort -u)
if [ -z "$failed" ] || ! grep -q "\[web process lost\]" "$log"; then
    exit "$status"
fi
# Only the tests whose own output carries the marker are run again.
for name in $failed; do
    if ! awk -v t="---- $name stdout ----" '$0 == t {on = 1; next} /^---- / {on = 0} on' "$log" \
        | grep -q "\[web process lost\]"; then
        echo "e2e: $name failed for another reason than a lost web process" >&2
        exit "$status"
    fi
done
for name in $failed; do
    echo "e2e: $name lost its web process (a WebKit crash); running it once more" >&2
    xvfb cargo test -p spil-e2e -- --exact "$name" --test-threads=1 || exit 1
done
