"""``onestop key`` and ``onestop db use`` as real processes: the administrator prints the recovery sheet
(signed in, audited, a private file), another PC without the key is told how to get it, refuses the sheet of
another database and a mistyped key, and works once the right key is entered."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

from sqlalchemy import select

from desktop import crypto
from desktop.models import AuditEntry
from desktop.services import data_keys, people
from desktop.services.people import PersonInput
from tests.conftest import ADMIN_PASSWORD

NOT_SIGNED_IN, NO_KEY = 4, 3


def onestop(*args, home, key_file, db_url=None, user=None, password=None, data_key=None, input_=""):
    env = {**os.environ, "ONESTOP_HOME": str(home), crypto.ENV_KEY_FILE: str(key_file)}
    for name in ("ONESTOP_DB_URL", "ONESTOP_USER", "ONESTOP_PASSWORD", "ONESTOP_DATA_KEY"):
        env.pop(name, None)
    if db_url:
        env["ONESTOP_DB_URL"] = db_url
    if user:
        env["ONESTOP_USER"], env["ONESTOP_PASSWORD"] = user, password
    if data_key is not None:
        env["ONESTOP_DATA_KEY"] = data_key
    return subprocess.run([sys.executable, "-m", "desktop", *args], env=env, capture_output=True, text=True,
                          input=input_, timeout=120)


def test_the_recovery_sheet_moves_the_key_to_another_pc(ctx, db_url, tmp_path):
    people.save_person(ctx.uow(), data=PersonInput(name="张三", phone="13912345678"))
    here = os.environ[crypto.ENV_KEY_FILE]  # this PC: the test session's key file holds the database's key
    key_id = data_keys.key_state(db_url).key_id
    home, out = tmp_path / "home", tmp_path / "out"
    out.mkdir()

    status = onestop("key", "status", home=home, key_file=here, db_url=db_url)
    assert status.returncode == 0 and f"data key {key_id}" in status.stdout and "this PC has it" in status.stdout

    refused = onestop("key", "recovery-sheet", "--out", str(out / "sheet.pdf"), home=home, key_file=here,
                      db_url=db_url)
    assert refused.returncode == NOT_SIGNED_IN and not (out / "sheet.pdf").exists()
    printed = onestop("key", "recovery-sheet", "--out", str(out / "sheet.pdf"), home=home, key_file=here,
                      db_url=db_url, user="admin", password=ADMIN_PASSWORD)
    assert printed.returncode == 0, printed.stderr
    pdf = out / "sheet.pdf"
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    as_text = onestop("key", "recovery-sheet", home=home, key_file=here, db_url=db_url, user="admin",
                      password=ADMIN_PASSWORD)
    assert as_text.returncode == 0 and key_id in as_text.stdout
    lines = [line.strip() for line in as_text.stdout.splitlines() if line.startswith("    ")]
    assert len(lines) == 2 and all(len(line.split()) == 7 for line in lines)
    sheet = " ".join(lines)
    pdf_text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert key_id in pdf_text and lines[0] in pdf_text and "数据密钥恢复单" in pdf_text
    with ctx.uow(read_only=True) as uow:
        prints = uow.session.scalars(select(AuditEntry.actor_name).where(
            AuditEntry.action == "data_key.recovery_sheet")).all()
    assert prints == ["admin", "admin"]

    # another PC: nothing works with personal data until the key is entered, and it says how
    there = tmp_path / "other-pc" / "datakey"
    blocked = onestop("calendar", "status", home=home, key_file=there, db_url=db_url)
    assert blocked.returncode == NO_KEY and "onestop key enter" in blocked.stderr and key_id in blocked.stderr
    assert onestop("key", "status", home=home, key_file=there, db_url=db_url).returncode == NO_KEY
    wrong = onestop("key", "enter", home=home, key_file=there, db_url=db_url,
                    data_key=crypto.recovery_text(crypto.DataKey.new()))
    assert wrong.returncode == NO_KEY and "belongs to another database" in wrong.stderr
    typo = sheet[:3] + ("Q" if sheet[3] != "Q" else "R") + sheet[4:]
    mistyped = onestop("key", "enter", home=home, key_file=there, db_url=db_url, data_key=typo)
    assert mistyped.returncode == NO_KEY and "typing mistake" in mistyped.stderr
    assert not there.exists()  # nothing kept
    # typed at the prompt (no terminal: the variable stands in), lower case: kept
    entered = onestop("key", "enter", home=home, key_file=there, db_url=db_url, data_key=sheet.lower())
    assert entered.returncode == 0 and f"data key {key_id} kept in the key file {there}" in entered.stdout
    assert stat.S_IMODE(there.stat().st_mode) == 0o600
    assert onestop("calendar", "status", home=home, key_file=there, db_url=db_url).returncode == 0

    # a third PC takes the database with 'db use', which asks for the key it lacks
    third = tmp_path / "third-pc" / "datakey"
    used = onestop("db", "use", db_url, home=tmp_path / "home3", key_file=third, data_key=sheet)
    assert used.returncode == 0 and f"data key {key_id} kept" in used.stdout, used.stderr
    assert onestop("key", "status", home=tmp_path / "home3", key_file=third).returncode == 0
