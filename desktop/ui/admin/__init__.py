"""The Administration area: the center's configuration, staff accounts and the audit log."""
