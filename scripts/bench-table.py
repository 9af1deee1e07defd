#!/usr/bin/env python3
"""Render one or more `spil bench --json` outputs as a Markdown table: each cell is
the median over the runs (each run's figure is itself a median over repetitions)."""
import json, sys, statistics
runs = [json.load(open(p)) for p in sys.argv[1:]]
m = runs[0]["machine"]
print(f"{m['cpu']}, {m['cores']} cores, {m['memory_mib']} MiB, {m['os']}, {m['sqlite']}, {m['build']} build; {len(runs)} runs\n")
# Runs made before the cold columns existed leave them out.
cold = "encrypted_first_ms" in runs[0]["rows"][0]
print("| workload | N | reps | encrypted ms | plain ms | ratio |" + (" enc cold ms | plain cold ms |" if cold else "")
      + " enc peak MiB | enc growth MiB | plain growth MiB |")
print("|---|---:|---:|---:|---:|---:|" + ("---:|---:|" if cold else "") + "---:|---:|---:|")
def med(key, i):
    xs = [r["rows"][i].get(key) for r in runs]
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None
f = lambda x: "–" if x is None else (f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 1000 else f"{x:.0f}")
g = lambda k: "–" if k is None else f"{k/1024:.1f}"
for i, r in enumerate(runs[0]["rows"]):
    e, p = med("encrypted_ms", i), med("plain_ms", i)
    ratio = med("ratio", i)
    cold_cells = f"{f(med('encrypted_first_ms', i))} | {f(med('plain_first_ms', i))} | " if cold else ""
    print(f"| {r['workload']} | {r['n']} | {r['reps']} | {f(e)} | {f(p)} | {'–' if ratio is None else format(ratio, '.2f')} | "
          f"{cold_cells}{g(med('encrypted_peak_rss_kib', i))} | {g(med('encrypted_rss_growth_kib', i))} | {g(med('plain_rss_growth_kib', i))} |")
