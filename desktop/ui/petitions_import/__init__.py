"""The work-order intake of the Petitions area: the import wizard (12345 work orders and grid reports),
the category synonym editor for administrators, and the export of handling results back to the platform.

The Petitions area adds the actions of ``desktop.ui.intake_actions.intake_actions`` to its toolbar.
This package's ``__init__`` stays empty of Qt widgets: desktop/ui/messages.py imports its ``texts``."""
