"""People the center deals with: petitioners now, mediation parties later.

One row per person. The ID number is optional (a person without one, or someone who speaks for an
organisation); when present it is unique, and gender and birth date are derived from it. ID numbers and
phone numbers are sensitive personal information: the audit log stores them as "***", screens show them
masked (desktop.services.people), and revealing the full value is itself audited.

Both are stored encrypted (desktop.crypto): ``id_number`` and ``phone`` read and write plain values, the
database holds AES-GCM ciphertexts, and ``id_number_hash`` / ``phone_hash`` hold keyed hashes for exact-match
lookups (compare them with the plain value: ``Person.phone_hash == "13812345678"``). The uniqueness of ID
numbers and the phone index are on the hashes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.crypto import EncryptedString, LookupHash, keep_lookup_hashes
from desktop.models.base import Base


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (
        # Prefix search on names ("王芳" finds 王芳 and 王芳芳). On PostgreSQL the pattern operator class
        # lets LIKE 'x%' use the index under any collation; SQLite uses a range on the binary collation.
        Index("ix_person_name", "name", "village", postgresql_ops={"name": "varchar_pattern_ops"}),
        Index("ix_person_phone_hash", "phone_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    id_number: Mapped[str | None] = mapped_column(EncryptedString(18), info={"audit": "secret"})
    id_number_hash: Mapped[str | None] = mapped_column(LookupHash(), unique=True, info={"audit": "secret"})
    gender: Mapped[str | None] = mapped_column(String(1))  # "M" / "F", from the ID number
    birth_date: Mapped[dt.date | None]  # from the ID number
    phone: Mapped[str] = mapped_column(EncryptedString(20), default="", info={"audit": "secret"})
    phone_hash: Mapped[str | None] = mapped_column(LookupHash(), info={"audit": "secret"})
    address: Mapped[str] = mapped_column(String(200), default="")
    village: Mapped[str] = mapped_column(String(40), default="")  # 村 / 社区
    grid: Mapped[str] = mapped_column(String(40), default="")  # 网格
    organisation: Mapped[str] = mapped_column(String(100), default="")  # whom the person speaks for, if anyone
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


keep_lookup_hashes(Person, {"id_number_hash": "id_number", "phone_hash": "phone"})
