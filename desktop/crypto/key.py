"""A database's data key and the three keys derived from it with HKDF-SHA256: encryption
(AES-256-GCM), lookup (HMAC-SHA256 of a plain value) and check (the key's id)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from desktop.crypto.errors import BadKeyText, UndecryptableValue

KEY_BYTES = 32
PREFIX = "e1:"
AAD = b"OneStop personal data v1"
CHECK_TEXT = b"OneStop data key check v1"


def _hkdf(master: bytes, label: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"OneStop " + label).derive(master)


class DataKey:
    """A database's data key and what is derived from it."""

    def __init__(self, master: bytes):
        if len(master) != KEY_BYTES:
            raise BadKeyText("length")
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.master = bytes(master)
        self._aead = AESGCM(_hkdf(master, b"encryption"))
        self._lookup = _hkdf(master, b"lookup")
        self.check = hmac.new(_hkdf(master, b"check"), CHECK_TEXT, hashlib.sha256).hexdigest()

    @classmethod
    def new(cls) -> DataKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @property
    def key_id(self) -> str:
        return key_id_of(self.check)

    def __repr__(self) -> str:  # never the key itself
        return f"DataKey({self.key_id})"

    def encrypt(self, text: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), AAD)
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")

    def decrypt(self, token: str) -> str:
        from cryptography.exceptions import InvalidTag

        if not token.startswith(PREFIX):
            raise UndecryptableValue("a stored value is not encrypted")
        body = token[len(PREFIX):]
        try:
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            return self._aead.decrypt(raw[:12], raw[12:], AAD).decode("utf-8")
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise UndecryptableValue("a stored value does not decrypt with this database's key") from exc

    def lookup(self, text: str) -> str:
        """The keyed hash stored beside an encrypted value (HMAC-SHA256, hex)."""
        return hmac.new(self._lookup, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def digest(self, data: bytes) -> str:
        """A keyed hash of any bytes (e.g. the content hash of an imported work order, which includes a phone)."""
        return hmac.new(self._lookup, b"digest\0" + data, hashlib.sha256).hexdigest()


def key_id_of(check: str) -> str:
    return check[:16]
