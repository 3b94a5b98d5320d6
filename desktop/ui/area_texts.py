"""Loads every area's texts module, so that each registers its failure sentences and field words
(desktop/ui/message_registry.py) before a window can show a failure. desktop/ui/app.py imports it at start;
the admin screens (backup, hall voice, settings) register theirs when the admin area loads."""

from __future__ import annotations

from desktop.ui import calendar_texts, data_key_texts, document_texts, validation_texts
from desktop.ui.mediation import texts as mediation_texts
from desktop.ui.petitions import texts as petitions_texts
from desktop.ui.petitions_import import texts as intake_texts
from desktop.ui.queue import texts as queue_texts
from desktop.ui.reports import texts as reports_texts

LOADED = (mediation_texts, intake_texts, reports_texts, petitions_texts, data_key_texts, queue_texts, calendar_texts,
          document_texts, validation_texts)
