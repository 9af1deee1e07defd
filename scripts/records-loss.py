#!/usr/bin/env python3
"""Measure what record anonymisation costs on demo caseloads: for each caseload and
period, `spil export --level records` to JSON and read back what its header reports
(records at risk with everything as registered, the level chosen per attribute,
records suppressed, k and l reached, information loss). Prints a Markdown table.

Usage: scripts/records-loss.py [path/to/spil]   (default target/debug/spil)
"""
import datetime
import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
SPIL = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "debug" / "spil")
ENV = dict(os.environ, SPIL_PASSPHRASE="correct horse battery staple lantern")
CASELOADS = [(1150, 1), (1150, 7), (400, 3), (150, 11)]
TODAY = datetime.date.today()


def months_back(n):
    y, m = TODAY.year, TODAY.month - n
    while m <= 0:
        y, m = y - 1, m + 12
    return datetime.date(y, m, 1)


PERIODS = {"2 years": months_back(23), "half-year": months_back(5), "quarter": months_back(2)}


def spil(*args):
    subprocess.run([SPIL, *args], env=ENV, check=True, capture_output=True, text=True)


def pct(part, whole):
    return f"{100 * part / whole:.1f}%" if whole else "–"


print(f"Measured {TODAY.isoformat()} with `scripts/records-loss.py` (k = 5, l = 2, budget 5%).\n")
print("| caseload (seed) | period | records | at risk as registered | levels above the finest | suppressed | k | l | loss |")
print("|---|---|---:|---:|---|---:|---:|---:|---:|")
with tempfile.TemporaryDirectory() as tmp:
    for n, seed in CASELOADS:
        vault = pathlib.Path(tmp) / f"v{n}-{seed}"
        spil("demo", "--vault", str(vault), "--trajectories", str(n), "--seed", str(seed))
        for name, start in PERIODS.items():
            out = pathlib.Path(tmp) / "records.json"
            spil("export", "--vault", str(vault), "--from", start.isoformat(), "--to", TODAY.isoformat(),
                 "--level", "records", "--out", str(out))
            a = json.loads(out.read_text(encoding="utf-8"))["anonymisation"]
            finest = {"age_band": "band", "gender": "shown", "location": "practice", "referral_period": "month",
                      "closed_period": "month", "referrer": "code", "family": "exact"}
            levels = ", ".join(f"{g['attribute']} → {g['level']}" for g in a["generalisation"]
                               if g["level"] != finest[g["attribute"]]) or "none"
            print(f"| {n} ({seed}) | {name} | {a['records']} | {a['at_risk_before']} ({pct(a['at_risk_before'], a['records'])}) "
                  f"| {levels} | {a['suppressed']} ({pct(a['suppressed'], a['records'])}) | {a['k_reached']} | {a['l_reached']} "
                  f"| {a['loss']:.3f} |")
