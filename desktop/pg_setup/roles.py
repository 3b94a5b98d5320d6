"""The two roles of a center's server: their names and passwords (checked, generated, and sent only as
SCRAM-SHA-256 verifiers), the plan naming them, the rights the application role gets, and the failures."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass

APPEND_ONLY_TABLES = ("audit_entry",)  # the application role may only read and add rows
READ_ONLY_TABLES = ("alembic_version", "data_key")  # the application role may only read (the key check
# is made once by its migration: a PC must not be able to swap it for a key of its own)
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
SEQUENCE_PRIVILEGES = "USAGE, SELECT, UPDATE"
ROLE_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
ENV_OWNER_PASSWORD = "ONESTOP_OWNER_PASSWORD"
ENV_APP_PASSWORD = "ONESTOP_APP_PASSWORD"

_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_PASSWORD = re.compile(r"[\x21-\x7e]{8,200}")  # printable ASCII: SCRAM needs no SASLprep then


class SetupError(Exception):
    """The server setup cannot go on; the message says why (for the command line)."""


class OwnerRequired(Exception):
    """The schema must be migrated and the connected role is not (a member of) the owner role."""

    def __init__(self, owner: str, user: str):
        super().__init__(f"only the owner role {owner!r} may change the schema (connected as {user!r})")
        self.owner = owner
        self.user = user


def check_name(name: str, what: str) -> str:
    if not _NAME.fullmatch(name or ""):
        raise SetupError(f"{what} {name!r} is not a plain lower-case name (a-z, 0-9, _; at most 63)")
    return name


def check_password(password: str, role: str) -> str:
    if not _PASSWORD.fullmatch(password):
        raise SetupError(f"the password for {role} must be 8 to 200 printable ASCII characters without spaces")
    return password


def new_password() -> str:
    return secrets.token_urlsafe(18)


def scram_verifier(password: str, *, salt: bytes | None = None, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802/7677); the server accepts it
    in CREATE/ALTER ROLE … PASSWORD and never sees the password itself."""
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


@dataclass(frozen=True)
class RolePlan:
    database: str
    owner: str
    app: str

    @classmethod
    def for_database(cls, database: str, owner: str | None = None, app: str | None = None) -> RolePlan:
        check_name(database, "the database name")
        plan = cls(database, check_name(owner or f"{database}_owner", "the owner role"),
                   check_name(app or f"{database}_app", "the application role"))
        if plan.owner == plan.app:
            raise SetupError("the owner role and the application role must be different roles")
        return plan


def _q(name: str) -> str:
    return f'"{check_name(name, "name")}"'
