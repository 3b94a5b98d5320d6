"""The items a document lacks are named in words, with list elements numbered from 1."""

from desktop.documents.errors import MissingData
from desktop.ui.document_texts import missing_item, missing_items
from desktop.ui.messages import describe


def test_paths_become_words():
    assert missing_item("parties[1].id_number") == "party 2: ID number"
    assert missing_item("documents[0].parties[0].address") == "document 1 of the file · party 1: address"
    assert missing_item("handler") == "handler"
    assert missing_items(["case_number", "terms[2].due"]) == "case number; term 3: due date"


def test_unknown_names_are_kept_as_they_are():
    assert missing_item("widgets[0].colour") == "widgets[0]: colour"


def test_the_message_lists_every_missing_item():
    text = describe(MissingData(missing=["parties[0].name", "facts"], document="mediation_agreement"))
    assert "party 1: name" in text and "facts" in text and "[" not in text
