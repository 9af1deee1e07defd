#!/usr/bin/env bash
# Runs the end-to-end tests (one window at a time) under Xvfb.
#
# The real app under Xvfb is not fully steady: WebKitGTK's compositor thread crashes
# its web process now and then under Mesa's software renderer, and a click is
# sometimes lost (see CONTRIBUTING.md, "End-to-end tests"). So a test that fails is
# run once more on its own, and this script says which and why; a test that fails
# twice fails the run. Each retry is listed at the end, so a test that needs one
# often is seen, not hidden.
set -uo pipefail
cd "$(dirname "$0")/.."
log=target/e2e-run.log
mkdir -p target
xvfb() { xvfb-run -a -s "-screen 0 1280x800x24" "$@"; }

xvfb cargo test -p spil-e2e --no-fail-fast -- --test-threads=1 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] && exit 0

failed=$(sed -n 's/^test \(.*\) \.\.\. FAILED$/\1/p' "$log" | sort -u)
# A failure that is not a test's (a build error, a crash of the harness) fails at once.
[ -z "$failed" ] && exit "$status"

retried=()
for name in $failed; do
    why=$(awk -v t="---- $name stdout ----" '$0 == t {on = 1; next} /^---- |^failures:/ {on = 0} on' "$log" \
        | grep -m1 -E "Error|panicked" || true)
    if echo "$why" | grep -q -E "web process lost|page crash"; then
        why="its web process crashed: $why"
    fi
    echo "e2e: $name failed ($why); running it once more" >&2
    xvfb cargo test -p spil-e2e -- --exact "$name" --test-threads=1 || exit 1
    retried+=("$name")
done
echo "e2e: passed on a second run: ${retried[*]}" >&2
