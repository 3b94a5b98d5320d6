"""The center's administration: its set-up (windows, services, rooms, departments, categories), the
staff accounts and sign-in, the declared settings, and the working-day calendar with the State
Council's notice. Importers name the module: ``from desktop.services.admin import center``."""
