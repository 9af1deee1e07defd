"""The oracles import, and the binary they attack runs."""

import subprocess


def test_oracles_import():
    import duckdb  # noqa: F401
    import pandas  # noqa: F401
    import pycanon  # noqa: F401
    from scipy.optimize import milp  # noqa: F401


def test_spil_runs(spil_bin):
    done = subprocess.run([str(spil_bin), "--version"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("spil")
