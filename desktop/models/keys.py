"""The database's data key check (desktop.crypto): one row made by migration 0011. It holds no key, only
``key_check`` (an HMAC of a constant under a key derived from the data key), so a PC with the wrong key is
refused with a clear error; its first 16 characters are the key's id, printed on the recovery sheet."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base


class DataKeyRecord(Base):
    __tablename__ = "data_key"
    __audited__ = False  # made once by the migration; nothing in it is secret or changes

    id: Mapped[int] = mapped_column(primary_key=True)
    key_check: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
