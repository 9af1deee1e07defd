"""Shared fixtures for the privacy tests: they drive the real `spil` binary on real
encrypted vaults in temporary folders, and read only what it writes out."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPIL = pathlib.Path(os.environ.get("SPIL_BIN", ROOT / "target" / "debug" / "spil"))
PASSPHRASE = "correct horse battery staple lantern"


def run_spil(*args: str) -> subprocess.CompletedProcess:
    """Runs `spil` with the test passphrase; fails the test with its stderr on error."""
    env = dict(os.environ, SPIL_PASSPHRASE=PASSPHRASE)
    done = subprocess.run([str(SPIL), *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"spil {' '.join(args)} failed: {done.stderr.strip()}")
    return done


@pytest.fixture(scope="session")
def spil_bin() -> pathlib.Path:
    if not SPIL.exists():
        pytest.fail(f"{SPIL} is missing: build it with `cargo build -p spil-cli`")
    return SPIL
