"""The typed failures of the report services."""

from __future__ import annotations

from desktop.services.errors import ServiceError


class PeriodInFuture(ServiceError):
    """The period starts after today: there is nothing to report yet. facts: start, today."""


class OutputNotWritable(ServiceError):
    """The report file can't be written there. facts: path, reason (one of WRITE_REASONS, for the message),
    detail (the system's own words, for the log and the command line)."""


# why a file can't be written: the path is a folder, its folder does not exist (or is a file), the file is
# read-only, no permission, the disk is full, the disk is read-only, the name is too long, anything else
WRITE_REASONS = ("is_directory", "no_directory", "read_only", "no_permission", "disk_full", "read_only_disk",
                 "name_too_long", "system")


class ReportCancelled(ServiceError):
    """The user stopped the report; no file was written. facts: kind."""
