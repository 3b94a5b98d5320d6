"""Typed failures of the matter register's kiosk lookup. They carry facts; desktop/ui/queue/texts.py words them
for the visitor."""

from __future__ import annotations

from desktop.services.errors import ServiceError


class LookupRefused(ServiceError):
    """The code and the phone's last four digits do not belong together (or no such code). On purpose it does
    not say which of the two was wrong. facts: none."""


class LookupLocked(ServiceError):
    """Too many wrong tries at this kiosk or for this code: no lookup until ``until``. facts: until."""
