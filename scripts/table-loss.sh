#!/usr/bin/env bash
# Measures what protecting the aggregate tables costs on demo caseloads: for several
# seeds, a 400-trajectory demo vault, exported as a year, a half-year and a quarter;
# prints the share of cells that are zero, hidden (small / protecting) and rounded,
# and the mean rounding error. Usage: scripts/table-loss.sh [SEEDS...]
set -euo pipefail
cd "$(dirname "$0")/.."
spil=${SPIL_BIN:-target/debug/spil}
export SPIL_PASSPHRASE="table loss measurement passphrase"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
seeds=("$@")
[[ ${#seeds[@]} -gt 0 ]] || seeds=(1 2 3 4 5 6)
printf '%-6s %-10s %6s %6s %6s %6s %6s %8s\n' seed period cells zero small protect rounded "err/cell"
declare -A sum
for seed in "${seeds[@]}"; do
  "$spil" demo --vault "$tmp/v$seed" --trajectories 400 --seed "$seed" >/dev/null
  for spec in "year 2025-01-01 2025-12-31" "half 2025-01-01 2025-06-30" "quarter 2025-04-01 2025-06-30"; do
    read -r name from to <<<"$spec"
    line=$("$spil" export --vault "$tmp/v$seed" --from "$from" --to "$to" --out "$tmp/e.json" --format json | grep '^loss:')
    declare -A v=()
    for kv in ${line#loss: }; do v[${kv%%=*}]=${kv#*=}; done
    printf '%-6s %-10s %6d %6d %6d %6d %6d %8.2f\n' "$seed" "$name" "${v[cells]}" "${v[zero]}" \
      "${v[hidden_small]}" "${v[hidden_protecting]}" "${v[rounded]}" \
      "$(awk -v e="${v[rounding_error]}" -v r="${v[rounded]}" 'BEGIN{print (r ? e/r : 0)}')"
    for k in cells zero hidden_small hidden_protecting rounded rounding_error; do
      sum[$name.$k]=$(( ${sum[$name.$k]:-0} + v[$k] ))
    done
  done
done
echo
echo "totals over seeds ${seeds[*]} (shares of all cells and totals):"
for name in year half quarter; do
  awk -v n="$name" -v c="${sum[$name.cells]}" -v z="${sum[$name.zero]}" -v s="${sum[$name.hidden_small]}" \
    -v p="${sum[$name.hidden_protecting]}" -v r="${sum[$name.rounded]}" -v e="${sum[$name.rounding_error]}" \
    'BEGIN{printf "%-8s zero %5.1f%%  hidden 1-7 %5.1f%%  hidden to protect %5.1f%%  rounded %5.1f%%  mean |rounding error| %.2f\n", n, 100*z/c, 100*s/c, 100*p/c, 100*r/c, (r ? e/r : 0)}'
done
