"""Record exports, attacked with tools that are not Spil's: pyCANON and a plain pandas
and DuckDB group-by count the equivalence classes over the FULL quasi-identifier set
of what `spil export --level records` writes, for demo caseloads of both pilot regions.

k >= 5: every combination of quasi-identifiers occurs at least five times.
l >= 2: every class of closed trajectories holds at least two distinct outcomes (an
unregistered outcome counts as a value). Open trajectories have no outcome yet.
"""

import datetime
import json
import pathlib

import duckdb
import pandas as pd
import pytest
from pycanon import anonymity

from conftest import run_spil

K, L = 5, 2

# Every published attribute that someone who knows the child can know, plus the
# period flags and status, which follow from the periods but split classes once the
# periods are generalised.
QUASI_IDENTIFIERS = [
    "age_band",
    "gender",
    "practice",
    "kern",
    "municipality",
    "region",
    "referral_period",
    "closed_period",
    "referrer",
    "referrer_group",
    "earlier_trajectories",
    "siblings_in_care",
    "family_size",
    "referred_in_period",
    "closed_in_period",
    "status_at_end",
]

# (trajectories, seed): the 1,150-trajectory two-region case and smaller ones.
CASELOADS = [(1150, 1), (1150, 7), (400, 3), (150, 11)]

TODAY = datetime.date.today()


def periods():
    """Two years up to today, the last half-year and the last quarter."""
    def months_back(n):
        y, m = TODAY.year, TODAY.month - n
        while m <= 0:
            y, m = y - 1, m + 12
        return datetime.date(y, m, 1)

    return {
        "two_years": (months_back(23), TODAY),
        "half_year": (months_back(5), TODAY),
        "quarter": (months_back(2), TODAY),
    }


@pytest.fixture(scope="module")
def vaults(tmp_path_factory, spil_bin):
    out = {}
    for n, seed in CASELOADS:
        vault = tmp_path_factory.mktemp(f"demo-{n}-{seed}")
        run_spil("demo", "--vault", str(vault), "--trajectories", str(n), "--seed", str(seed))
        out[(n, seed)] = vault
    return out


def export(vault: pathlib.Path, period, out: pathlib.Path) -> pathlib.Path:
    start, end = period
    run_spil(
        "export", "--vault", str(vault), "--from", start.isoformat(), "--to", end.isoformat(),
        "--level", "records", "--out", str(out),
    )
    return out


def read_csv(path: pathlib.Path) -> pd.DataFrame:
    # Empty cells stay "" (a value of their own), never NaN that a group-by would drop.
    return pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")


def closed(df: pd.DataFrame) -> pd.DataFrame:
    # pyCANON indexes rows by position: renumber after filtering.
    return df[df["closed_period"] != ""].reset_index(drop=True)


@pytest.mark.parametrize("caseload", CASELOADS, ids=lambda c: f"{c[0]}x{c[1]}")
@pytest.mark.parametrize("period", list(periods()))
def test_pycanon_finds_k5_and_l2_over_every_quasi_identifier(vaults, tmp_path, caseload, period):
    df = read_csv(export(vaults[caseload], periods()[period], tmp_path / "records.csv"))
    assert len(df) > 0
    assert anonymity.k_anonymity(df, QUASI_IDENTIFIERS) >= K
    c = closed(df)
    if len(c):
        assert anonymity.l_diversity(c, QUASI_IDENTIFIERS, ["outcome"]) >= L


@pytest.mark.parametrize("caseload", CASELOADS, ids=lambda c: f"{c[0]}x{c[1]}")
def test_pandas_and_duckdb_group_by_agree(vaults, tmp_path, caseload):
    path = export(vaults[caseload], periods()["two_years"], tmp_path / "records.csv")
    df = read_csv(path)
    sizes = df.groupby(QUASI_IDENTIFIERS, dropna=False).size()
    assert sizes.min() >= K, sizes[sizes < K]
    diversity = closed(df).groupby(QUASI_IDENTIFIERS, dropna=False)["outcome"].nunique()
    assert diversity.min() >= L, diversity[diversity < L]

    cols = ", ".join(f'"{q}"' for q in QUASI_IDENTIFIERS)
    con = duckdb.connect()
    con.register("records", df)
    smallest = con.execute(
        f"SELECT min(n) FROM (SELECT count(*) AS n FROM records GROUP BY {cols})"
    ).fetchone()[0]
    fewest = con.execute(
        f"""SELECT min(l) FROM (SELECT count(DISTINCT outcome) AS l FROM records
            WHERE closed_period <> '' GROUP BY {cols})"""
    ).fetchone()[0]
    assert smallest >= K
    assert fewest is None or fewest >= L

    # k counts children, not rows: a child referred again has two records (one
    # `youth` pseudonym), and each class still holds five different children.
    children = df.groupby(QUASI_IDENTIFIERS, dropna=False)["youth"].nunique()
    assert children.min() >= K, children[children < K]
    fewest_children = con.execute(
        f"SELECT min(c) FROM (SELECT count(DISTINCT youth) AS c FROM records GROUP BY {cols})"
    ).fetchone()[0]
    assert fewest_children >= K
    # The demo caseloads do have children with more than one record.
    assert (df["youth"].value_counts() > 1).any()


@pytest.mark.parametrize("caseload", CASELOADS[:2], ids=lambda c: f"{c[0]}x{c[1]}")
def test_the_json_header_reports_what_the_file_holds(vaults, tmp_path, caseload):
    """The reported k, l and suppression are the ones an outsider measures."""
    path = export(vaults[caseload], periods()["two_years"], tmp_path / "records.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    a = doc["anonymisation"]
    df = pd.DataFrame(doc["records"]).astype(str)
    # k is counted in children (distinct `youth`), as the rules say.
    children = df.groupby(QUASI_IDENTIFIERS, dropna=False)["youth"].nunique()
    assert a["k_reached"] == children.min()
    assert a["records"] - a["suppressed"] == len(df)
    closed_rows = df[df["closed_period"] != "None"]
    assert a["l_reached"] == closed_rows.groupby(QUASI_IDENTIFIERS)["outcome"].nunique().min()
    # A caseload this size fits the 5% suppression budget.
    assert a["suppressed"] * 100 <= a["records"] * 5
    assert a["at_risk_before"] > a["suppressed"]
    assert {g["attribute"] for g in a["generalisation"]} == {
        "age_band", "gender", "location", "referral_period", "closed_period", "referrer", "family",
    }


def test_two_exports_share_no_pseudonym(vaults, tmp_path):
    vault = vaults[CASELOADS[0]]
    period = periods()["two_years"]
    a = read_csv(export(vault, period, tmp_path / "a.csv"))
    b = read_csv(export(vault, period, tmp_path / "b.csv"))
    q = read_csv(export(vault, periods()["quarter"], tmp_path / "q.csv"))
    assert len(a) == len(b) > 0
    for column in ["pseudonym", "youth", "family"]:
        seen_a = set(a[column])
        assert not seen_a & set(b[column]), column
        assert not seen_a & set(q[column]), column
    # The same records otherwise: only the pseudonyms changed.
    rest = [c for c in a.columns if c not in ("pseudonym", "youth", "family")]
    key = lambda df: sorted(map(tuple, df[rest].values.tolist()))  # noqa: E731
    assert key(a) == key(b)
