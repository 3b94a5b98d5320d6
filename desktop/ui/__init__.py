"""Qt only: windows, dialogs, table models, background tasks."""
