"""Start-up of the GUI: translations, error dialog, database (with a way to fix an unreachable one),
first-run wizard, sign-in, main window."""

from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop import config
from desktop.services.admin import center
from desktop.services.context import open_database
from desktop.services.errors import (
    DatabaseTooNew,
    DatabaseUnavailable,
    DataKeyMissing,
    SchemaNeedsUpgrade,
    WrongDataKey,
)
from desktop.ui import area_texts, date_typing, probe  # noqa: F401  (area_texts: the areas register their sentences)
from desktop.ui.i18n import install_translations
from desktop.ui.messages import describe

log = logging.getLogger(__name__)


def make_app(argv: list[str] | None = None, lang: str | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("OneStop")
    app.setOrganizationName("OneStop")
    app.setWindowIcon(QIcon(str(config.resources_dir() / "icons" / "onestop.svg")))
    install_translations(app, lang)
    install_excepthook()
    date_typing.install(app)
    probe.install(app)
    return app


def install_excepthook() -> None:
    """An unexpected exception is logged and shown; it never ends the app silently."""

    def hook(kind, value, tb):
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if QApplication.instance() is not None:
            box = QMessageBox(QMessageBox.Icon.Critical, QApplication.translate("App", "OneStop — Error"),
                              QApplication.translate("App", "An unexpected error occurred. It has been "
                                                            "written to the log file:\n%1").replace(
                                  "%1", str(config.log_dir())))
            box.setDetailedText("".join(traceback.format_exception(kind, value, tb)))
            box.exec()

    sys.excepthook = hook


def connect(url_arg: str | None):
    """Open the database, asking the user to fix the setting while it can't be reached.
    Returns None when the user gives up or the database must not be opened."""
    from desktop.ui.dbsettings import DatabaseDialog

    url = config.resolve_db_url(url_arg).url
    while True:
        try:
            return open_database(url)
        except DatabaseTooNew as exc:
            QMessageBox.critical(None, QApplication.translate("App", "OneStop"), describe(exc))
            return None
        except SchemaNeedsUpgrade as exc:  # PostgreSQL: this PC's account never changes the schema
            log.warning("database schema needs an upgrade by its owner: %s", exc.facts)
            QMessageBox.critical(None, QApplication.translate("App", "OneStop"), QApplication.translate(
                "App", "The database is older than this version of OneStop, and this PC's database account "
                       "may not upgrade it. Ask the administrator to run “onestop db upgrade”, then start "
                       "OneStop again."))
            return None
        except (DataKeyMissing, WrongDataKey) as exc:  # a new PC, or a database from elsewhere: the key
            from desktop.ui.data_key import DataKeyDialog

            log.warning("personal data key: %s %s", type(exc).__name__, exc.facts)
            if DataKeyDialog(url, describe(exc), exc.facts.get("key_id")).exec() != QDialog.DialogCode.Accepted:
                return None
        except DatabaseUnavailable as exc:
            log.warning("database unavailable: %s", exc.facts)
            dialog = DatabaseDialog(url, describe(exc))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            url = dialog.url


def run_gui(url_arg: str | None = None, lang: str | None = None) -> int:
    from desktop.ui.login import LoginDialog
    from desktop.ui.main_window import MainWindow
    from desktop.ui.wizard import SetupWizard

    app = make_app(lang=lang)
    ctx = connect(url_arg)
    if ctx is None:
        return 2
    if not center.is_set_up(ctx.uow()):
        if SetupWizard(ctx).exec() != QDialog.DialogCode.Accepted:
            return 0
    from desktop.ui.daily_backup import start_daily_backup

    # SQLite: a backup at start when the newest is a day old, then daily; kept alive while the app runs
    daily = start_daily_backup(ctx, app)  # noqa: F841
    while True:
        info = center.get_center(ctx.uow())
        login = LoginDialog(ctx, info.name)
        if login.exec() != QDialog.DialogCode.Accepted:
            return 0
        window = MainWindow(ctx.as_user(login.actor), info.name)
        again = []
        window.signed_out.connect(lambda again=again: again.append(True))
        window.showMaximized()  # the status bar and every area fit the screen, 1366×768 included
        app.exec()
        if not again:
            return 0
