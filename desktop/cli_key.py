"""``onestop key``: the personal data key of the database (desktop.crypto, desktop.services.data_keys).

- ``key status``: the database's key id and whether this PC has the key (read-only, no sign-in);
- ``key recovery-sheet [--out FILE]``: the key for the administrator's safe, as a PDF (``.pdf``) or text
  (any other name, or standard output); an administrator signs in and the print is audited;
- ``key enter``: type the key from a recovery sheet on another PC (``ONESTOP_DATA_KEY`` for scripts); it is
  checked against the database before it is kept. ``onestop db use URL`` asks for it the same way when the
  database has a key this PC does not have.
"""

from __future__ import annotations

import os
import sys

from desktop import config, fileperms

ENV_DATA_KEY = "ONESTOP_DATA_KEY"
EXIT_NO_KEY = 3


def add_parser(sub, with_db) -> None:
    key = sub.add_parser("key", help="the key that encrypts ID numbers and phones: status, recovery sheet, "
                                     "entering it on another PC")
    key_sub = key.add_subparsers(dest="key_command", required=True, parser_class=with_db)
    key_sub.add_parser("status", help="the database's key id and whether this PC has the key (no sign-in)")
    sheet = key_sub.add_parser("recovery-sheet", help="print the key for the safe (an administrator signs in)")
    sheet.add_argument("--out", metavar="FILE", default="-",
                       help="a .pdf or a text file (default: the text on standard output)")
    key_sub.add_parser("enter", help=f"type the key from a recovery sheet (scripts: {ENV_DATA_KEY})")


def explain(exc) -> str:
    """DataKeyMissing / WrongDataKey at open, in a sentence with the fix."""
    from desktop.services.errors import WrongDataKey

    if isinstance(exc, WrongDataKey):
        return (f"the data key {exc.facts.get('given_id')} this PC keeps is not the database's key "
                f"{exc.facts.get('key_id')}: enter the right one with 'onestop key enter' and the recovery sheet")
    return (f"the ID numbers and phones in this database are encrypted with the data key {exc.facts.get('key_id')}, "
            "which this PC does not have: enter it with 'onestop key enter' and the recovery sheet")


def _where(in_keyring: bool, path: str | None) -> str:
    if in_keyring:
        return f"the system keyring (service {config.KEYRING_SERVICE!r})"
    return f"the key file {path} (readable only by this user)"


def ask_and_enter(url: str, key_id: str, *, attempts: int = 3) -> int:
    """Ask for the key of ``key_id`` (or take ONESTOP_DATA_KEY) and keep it on this PC. 0 when done."""
    from desktop.services import data_keys
    from desktop.services.errors import Invalid, ServiceError, WrongDataKey

    given = os.environ.get(ENV_DATA_KEY)
    for _ in range(1 if given else attempts):
        text = given
        if text is None:
            if not sys.stdin.isatty():
                break
            try:
                text = input(f"data key {key_id} (from the recovery sheet, 14 groups): ")
            except (EOFError, KeyboardInterrupt):
                break
        try:
            entered = data_keys.enter_key(url, text)
        except Invalid as exc:
            reason = exc.facts.get("reason")
            print({"length": "onestop: that is not a whole key: it has 14 groups of 4 characters",
                   "characters": "onestop: the key has characters a key never has (A-Z and 2-7 only)",
                   "checksum": "onestop: the key has a typing mistake (its checksum does not match)",
                   "not_encrypted": "onestop: this database has no data key yet (upgrade it first)"}.get(
                reason, f"onestop: {exc}"), file=sys.stderr)
            if reason == "not_encrypted":
                return 1
            continue
        except WrongDataKey as exc:
            print(f"onestop: this is the key {exc.facts.get('given_id')}, not the database's key "
                  f"{exc.facts.get('key_id')}: it belongs to another database. Nothing was kept.", file=sys.stderr)
            continue
        except ServiceError as exc:
            print(f"onestop: cannot check the key against the database: {exc}", file=sys.stderr)
            return 1
        print(f"data key {entered.key_id} kept in {_where(entered.in_keyring, entered.key_file)}")
        return 0
    print(f"onestop: this PC does not have the data key {key_id} of the database, so ID numbers and phones "
          f"cannot be read. Run 'onestop key enter' with the recovery sheet (or set {ENV_DATA_KEY}).",
          file=sys.stderr)
    return EXIT_NO_KEY


def after_db_use(url: str) -> None:
    """``onestop db use``: when the database has a data key this PC lacks, ask for it now."""
    from desktop.services import data_keys
    from desktop.services.errors import ServiceError

    try:
        state = data_keys.key_state(url)
    except ServiceError:
        return  # unreachable now: the app asks for the key when it opens the database
    if state.key_id is None or state.on_this_pc:
        return
    print(f"the database's ID numbers and phones are encrypted with the data key {state.key_id}, which this PC "
          "does not have yet")
    ask_and_enter(url, state.key_id)


def run(args, open_ctx) -> int:
    """``open_ctx(args, permission=…, what=…)``: the command line's signed-in context (desktop.__main__)."""
    from desktop.services import data_keys
    from desktop.services.errors import ServiceError

    url = config.resolve_db_url(args.db).url
    if args.key_command == "status":
        try:
            state = data_keys.key_state(url)
        except ServiceError as exc:
            print(f"onestop: cannot open {config.safe_url(url)}: {exc}", file=sys.stderr)
            return 2
        if state.key_id is None:
            print(f"{config.safe_url(url)}: no data key yet (the schema is older; 'onestop db upgrade' makes one)")
            return 1
        created = f", made {state.created_at:%Y-%m-%d %H:%M}" if state.created_at else ""
        print(f"{config.safe_url(url)}: data key {state.key_id}{created}")
        if state.on_this_pc:
            print(f"this PC has it ({_where(state.in_keyring, state.key_file)})")
            return 0
        print("this PC does NOT have it: run 'onestop key enter' with the recovery sheet")
        return EXIT_NO_KEY
    if args.key_command == "enter":
        try:
            state = data_keys.key_state(url)
        except ServiceError as exc:
            print(f"onestop: cannot open {config.safe_url(url)}: {exc}", file=sys.stderr)
            return 2
        if state.key_id is None:
            print("onestop: this database has no data key yet (upgrade it first)", file=sys.stderr)
            return 1
        return ask_and_enter(url, state.key_id)
    return _recovery_sheet(args, open_ctx)


def _recovery_sheet(args, open_ctx) -> int:
    from desktop.documents.key_recovery_sheet import KeySheet, text_sheet, write_pdf
    from desktop.services import data_keys
    from desktop.services.errors import ServiceError
    from desktop.services.permissions import Permission

    ctx = open_ctx(args, permission=Permission.CONFIGURE_CENTER, what="key recovery-sheet")
    try:
        sheet = data_keys.recovery_sheet(ctx.uow())
    except ServiceError as exc:
        print(f"onestop: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        ctx.close()
    doc = KeySheet(sheet.center_name, sheet.database, sheet.key_id, sheet.created_at, sheet.lines,
                   sheet.printed_at, sheet.printed_by)
    if args.out == "-":
        print(text_sheet(doc), end="")
        return 0
    if args.out.lower().endswith(".pdf"):
        path = write_pdf(doc, args.out)
    else:
        path = fileperms.write_private(args.out, text_sheet(doc))
    fileperms.make_private(path)
    print(f"{path}: the recovery sheet of data key {sheet.key_id}; print it, lock it away, then delete the file")
    return 0
