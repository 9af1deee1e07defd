"""An attacker with an integer-programming solver (SciPy's `milp`, HiGHS) tries to
recover hidden cells from Spil's aggregate exports.

The attacker reads only the JSON files `spil export` writes. They know how tables are
built: every row and column adds up to its total; a municipality's (or practice's)
total of a measure is one number in every table of that measure; a year is the sum of
its half-years, a half-year the sum of its quarters; a table by period shows the
periods' totals; a municipality or practice missing from a period's tables has zero
there. A table by kern names each kern's municipality in its row code
(`GM0275:Dieren`), so the attacker also knows that a municipality's cell is the sum
of its kerns' cells of the same measure and column, and its row total the sum of
theirs; a kern missing from a period's kern table has zero there, unless that period
left the kern table out. A published 0 is exactly 0, a hidden cell is at least 1, and a published
multiple of 5 stands for a count within 2 of it. For every hidden cell they find the
smallest and largest feasible value and then look for feasible values in between. A
hidden cell with fewer than 4 feasible values counts as recovered; none may be.

This shares no code with spil-core: keys, equations and the solver are all its own.
"""

import itertools
import json
import pathlib

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from conftest import run_spil

YEAR = 2025
QUARTERS = [(f"{YEAR}-01-01", f"{YEAR}-03-31"), (f"{YEAR}-04-01", f"{YEAR}-06-30"),
            (f"{YEAR}-07-01", f"{YEAR}-09-30"), (f"{YEAR}-10-01", f"{YEAR}-12-31")]
HALVES = [(f"{YEAR}-01-01", f"{YEAR}-06-30"), (f"{YEAR}-07-01", f"{YEAR}-12-31")]
WHOLE = (f"{YEAR}-01-01", f"{YEAR}-12-31")
MIN_VALUES = 4
BIG = 10**6


def export(vault: pathlib.Path, out: pathlib.Path, period, granularity="quarter") -> dict:
    run_spil("export", "--vault", str(vault), "--from", period[0], "--to", period[1],
             "--out", str(out), "--format", "json", "--period", granularity)
    return json.loads(out.read_text(encoding="utf-8-sig"))


def period_code(doc: dict) -> str:
    """`2025`, `2025-H1` or `2025-Q3`, from the header's months."""
    f, t = doc["from"], doc["to"]
    y, m1, m2 = int(f[:4]), int(f[5:7]), int(t[5:7])
    n = m2 - m1 + 1
    if n == 12:
        return str(y)
    if n == 6:
        return f"{y}-H{(m1 - 1) // 6 + 1}"
    assert n == 3, (f, t)
    return f"{y}-Q{(m1 - 1) // 3 + 1}"


def parts(code: str):
    if "-" not in code:
        return [f"{code}-H1", f"{code}-H2"]
    y, p = code.split("-")
    if p.startswith("H"):
        h = int(p[1])
        return [f"{y}-Q{2 * h - 1}", f"{y}-Q{2 * h}"]
    return []


class Attack:
    """The attacker's integer program over every published number."""

    def __init__(self):
        self.var = {}       # quantity -> index
        self.lo, self.hi = [], []
        self.equations = []  # (total, [parts])
        self.hidden = set()
        self.periods = set()
        self.practices = {}  # period -> practices shown by name
        self.kern_measures = {}  # period -> measures published in a table by kern

    def q(self, key) -> int:
        if key not in self.var:
            self.var[key] = len(self.lo)
            self.lo.append(0)
            self.hi.append(BIG)
        return self.var[key]

    def observe(self, key, value):
        i = self.q(key)
        if value is None:
            lo, hi = 1, BIG
            self.hidden.add(i)
        elif value == 0:
            lo, hi = 0, 0
        else:
            lo, hi = value - 2, value + 2
        self.lo[i], self.hi[i] = max(self.lo[i], lo), min(self.hi[i], hi)
        return i

    def read(self, doc: dict):
        at = period_code(doc)
        self.periods.add(at)
        for t in doc["tables"]:
            m, rd, cd = t["measure"], t["row_dimension"], t["column_dimension"]
            rows = [r["code"] for r in t["rows"]]
            if rd == "practice":
                self.practices[at] = [r for r in rows if r != "other"]
            cols = [c["code"] for c in t["columns"]]
            # The practice table's `other` row pools the practices not shown in
            # this period: a quantity of this period's export alone.
            rkey = lambda r: ("other", at) if (rd == "practice" and r == "other") else r
            if cd == "period":
                cell = lambda r, c: (m, rd, rkey(r), None, None, c)
                ctot = lambda c: (m, None, None, None, None, c)
            else:
                cell = lambda r, c: (m, rd, rkey(r), cd, c, at)
                ctot = lambda c: (m, None, None, cd, c, at)
            rtot = lambda r: (m, rd, rkey(r), None, None, at)
            grand = (m, None, None, None, None, at)
            g = self.observe(grand, t["total"])
            rt = [self.observe(rtot(r), v) for r, v in zip(rows, t["row_totals"])]
            ct = [self.observe(ctot(c), v) for c, v in zip(cols, t["column_totals"])]
            for i, r in enumerate(rows):
                ids = [self.observe(cell(r, c), t["cells"][i][j]) for j, c in enumerate(cols)]
                self.equations.append((rt[i], ids))
            for j, c in enumerate(cols):
                self.equations.append((ct[j], [self.var[cell(r, c)] for r in rows]))
            self.equations.append((g, rt))
            self.equations.append((g, ct))
        self.nest(doc, at)

    def nest(self, doc: dict, at: str):
        """A municipality's cells are the sums of its kerns' cells, and so are its totals."""
        def key(m, rd, cd, r, c):
            return (m, rd, r, None, None, c) if cd == "period" else (m, rd, r, cd, c, at)

        for k in doc["tables"]:
            if k["row_dimension"] != "kern":
                continue
            m, cd = k["measure"], k["column_dimension"]
            self.kern_measures.setdefault(at, set()).add(m)
            mun = next(t for t in doc["tables"] if t["row_dimension"] == "municipality"
                       and t["measure"] == m and t["column_dimension"] == cd)
            kerns = [r["code"] for r in k["rows"]]
            cols = [c["code"] for c in k["columns"]]
            assert cols == [c["code"] for c in mun["columns"]]
            for r in (r["code"] for r in mun["rows"]):
                inside = [x for x in kerns if x.split(":", 1)[0] == r]
                assert inside, f"municipality {r} has no kern rows"
                for c in cols:
                    self.equations.append((self.var[key(m, "municipality", cd, r, c)],
                                           [self.var[key(m, "kern", cd, x, c)] for x in inside]))
                self.equations.append((self.var[(m, "municipality", r, None, None, at)],
                                       [self.var[(m, "kern", x, None, None, at)] for x in inside]))

    def link(self):
        """A period is the sum of its parts, for every quantity of the period."""
        for key in list(self.var):
            at = key[-1]
            ps = parts(at)
            if not ps or not all(p in self.periods for p in ps):
                continue
            if key[2] is not None and isinstance(key[2], tuple):
                continue  # a period's own `other` pool
            ids = []
            for p in ps:
                child = key[:-1] + (p,)
                if child not in self.var:
                    i = self.q(child)
                    known = key[1] != "kern" or key[0] in self.kern_measures.get(p, ())
                    if key[1] != "practice" and known:
                        # a municipality (kern) missing from a period's tables has 0 there
                        self.lo[i], self.hi[i] = 0, 0
                ids.append(self.var[child])
            self.equations.append((self.var[key], ids))
        # A part's `other` pool holds the period's pool and the practices the period
        # names but the part does not.
        for at, shown in list(self.practices.items()):
            for p in parts(at):
                if p not in self.practices:
                    continue
                pool = ("referrals", "practice", ("other", p), None, None, p)
                inner = ("referrals", "practice", ("other", at), None, None, p)
                extra = [("referrals", "practice", name, None, None, p)
                         for name in shown if name not in self.practices[p]]
                self.equations.append((self.q(pool), [self.q(inner)] + [self.q(k) for k in extra]))

    def components(self):
        """Groups of quantities that share equations (measures never mix)."""
        parent = list(range(len(self.lo)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for t, ps in self.equations:
            for p in ps:
                parent[find(p)] = find(t)
        groups = {}
        for i in range(len(self.lo)):
            groups.setdefault(find(i), []).append(i)
        return list(groups.values())

    def solve_range(self):
        recovered = []
        for members in self.components():
            hidden = sorted(h for h in members if h in self.hidden)
            if hidden:
                recovered += self.attack(members, hidden)
        return recovered

    def attack(self, members, hidden):
        local = {q: k for k, q in enumerate(members)}
        eqs = [(t, ps) for t, ps in self.equations if t in local]
        n = len(members)
        a = lil_matrix((max(len(eqs), 1), n))
        for k, (t, ps) in enumerate(eqs):
            for p in ps:
                a[k, local[p]] += 1
            a[k, local[t]] -= 1
        a = a.tocsr()
        cons = LinearConstraint(a, 0, 0)
        integrality = np.ones(n)
        lo = np.array([self.lo[q] for q in members], float)
        hi = np.array([self.hi[q] for q in members], float)

        def solve(c, lo=lo, hi=hi):
            r = milp(c, constraints=cons, integrality=integrality, bounds=Bounds(lo, hi))
            return None if r.status != 0 else np.round(r.x).astype(np.int64)

        # A solution checked exactly in integers is a point the attacker cannot rule
        # out, so each hidden cell's value in it is a value that cell can take: a cell
        # that already has four skips its own solves.
        seen = {q: set() for q in hidden}

        def note(x):
            if x is not None and not (a @ x).any() and (lo <= x).all() and (x <= hi).all():
                for q in hidden:
                    seen[q].add(int(x[local[q]]))
            return x

        recovered = []
        for q in hidden:
            h = local[q]
            if len(seen[q]) >= MIN_VALUES:
                continue
            c = np.zeros(n)
            c[h] = 1
            low, high = note(solve(c)), note(solve(-c))
            assert low is not None and high is not None, "the published tables are inconsistent"
            values = seen[q] | {int(low[h]), int(high[h])}
            seen[q] = values
            v = int(low[h]) + 1
            while len(values) < MIN_VALUES and v < int(high[h]):
                if v not in values:
                    l2, h2 = lo.copy(), hi.copy()
                    l2[h], h2[h] = v, v
                    note(solve(np.zeros(n), l2, h2))
                v += 1
            if len(values) < MIN_VALUES:
                key = next(k for k, i in self.var.items() if i == q)
                recovered.append((key, sorted(values)))
        return recovered


def caseload(tmp: pathlib.Path, seed: int, trajectories: int) -> pathlib.Path:
    vault = tmp / f"vault{seed}"
    run_spil("demo", "--vault", str(vault), "--trajectories", str(trajectories), "--seed", str(seed))
    return vault


@pytest.mark.parametrize("seed", [1])
def test_a_year_with_its_half_years_and_quarters_gives_nothing_away(tmp_path, spil_bin, seed):
    vault = caseload(tmp_path, seed, 400)
    attack = Attack()
    n = itertools.count()
    # Half-years in both granularities; the year by quarter (by half-year it shows the
    # half-years' totals, which the half-year exports already publish).
    for period, g in [*((q, "quarter") for q in QUARTERS), *((h, "quarter") for h in HALVES),
                      *((h, "half_year") for h in HALVES), (WHOLE, "quarter")]:
        attack.read(export(vault, tmp_path / f"e{next(n)}.json", period, g))
    attack.link()
    assert attack.hidden, "a 400-trajectory caseload has small cells"
    assert attack.kern_measures, "the tables by kern are read and nested"
    assert attack.solve_range() == []


@pytest.mark.parametrize("seed", [4, 5])
def test_a_single_export_gives_nothing_away(tmp_path, spil_bin, seed):
    vault = caseload(tmp_path, seed, 250)
    attack = Attack()
    attack.read(export(vault, tmp_path / "h1.json", HALVES[0]))
    assert attack.hidden
    assert attack.kern_measures
    assert attack.solve_range() == []


def test_the_same_export_twice_is_the_same(tmp_path, spil_bin):
    vault = caseload(tmp_path, 6, 200)
    a = export(vault, tmp_path / "a.json", HALVES[1])
    b = export(vault, tmp_path / "b.json", HALVES[1])
    assert a["tables"] == b["tables"]
