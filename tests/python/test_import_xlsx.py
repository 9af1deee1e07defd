"""An Excel workbook written by openpyxl (no code shared with Spil's reader) goes
into a real vault through the real `spil import`: names with diacritics, date cells,
a BSN typed as a number, the sheet picked by `--sheet`."""

import datetime
import json
import os
import subprocess

import openpyxl

from conftest import PASSPHRASE, run_spil


def _workbook(path):
    book = openpyxl.Workbook()
    note = book.active
    note.title = "Uitleg"
    note["A1"] = "De caseload staat op het tweede blad."
    sheet = book.create_sheet("Caseload")
    sheet.append(
        [
            "youth_ref",
            "given_name",
            "family_name",
            "birth_date",
            "bsn",
            "practice",
            "referral_date",
            "first_contact_date",
            "session_dates",
            "closed_date",
            "outcome",
            "satisfaction",
        ]
    )
    sheet.append(
        [
            "P-1",
            "Zoë",
            "Müller-Çelik",
            datetime.date(2014, 2, 3),
            12345672,  # a BSN starting with 0, as Excel keeps a number
            "De Linde",
            datetime.date(2024, 1, 5),
            datetime.date(2024, 1, 8),
            "08-01-2024;22-01-2024",
            datetime.datetime(2024, 2, 1, 0, 0),
            "no_further_care",
            8,
        ]
    )
    sheet.append(["P-2", "José", "Ñúñez", None, None, "De Linde", datetime.date(2024, 3, 1)])
    for cell in ("D2", "G2", "H2", "J2", "G3"):
        sheet[cell].number_format = "DD-MM-YYYY"
    book.save(path)


def test_an_openpyxl_workbook_round_trips_through_spil(spil_bin, tmp_path):
    book = tmp_path / "caseload.xlsx"
    _workbook(book)
    vault = tmp_path / "kluis"
    run_spil("init", "--vault", str(vault))
    run_spil("import", "--vault", str(vault), str(book), "--sheet", "Caseload")
    rows = json.loads(run_spil("list", "--vault", str(vault), "--json", "--all").stdout)
    by_ref = {r["youth_ref"]: r for r in rows}
    assert set(by_ref) == {"P-1", "P-2"}
    zoe = by_ref["P-1"]
    assert (zoe["given_name"], zoe["family_name"]) == ("Zoë", "Müller-Çelik")
    assert zoe["referral_date"] == "2024-01-05"
    assert zoe["closed_date"] == "2024-02-01"
    assert zoe["conversations"] == 2
    assert (by_ref["P-2"]["given_name"], by_ref["P-2"]["family_name"]) == ("José", "Ñúñez")


def test_the_first_sheet_is_not_a_caseload(spil_bin, tmp_path):
    book = tmp_path / "caseload.xlsx"
    _workbook(book)
    vault = tmp_path / "kluis"
    run_spil("init", "--vault", str(vault))
    done = subprocess.run(
        [str(spil_bin), "import", "--vault", str(vault), str(book)],
        env=dict(os.environ, SPIL_PASSPHRASE=PASSPHRASE),
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "nothing was imported" in done.stderr
