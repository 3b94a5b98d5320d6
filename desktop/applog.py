"""A rotating log file beside the data, and a hook that logs every unexpected exception."""

from __future__ import annotations

import logging
import logging.handlers

from desktop import config, fileperms


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log names users, case numbers and file paths: the file and every rotated one are 0600."""

    def _open(self):
        stream = super()._open()
        fileperms.make_private(self.baseFilename)
        return stream

    def rotate(self, source, dest):
        super().rotate(source, dest)
        fileperms.make_private(dest)


def setup_logging(name: str = "onestop", level: int = logging.INFO) -> str:
    path = config.log_dir() / f"{name}.log"
    handler = PrivateRotatingFileHandler(path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    return str(path)
