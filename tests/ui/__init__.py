from desktop.ui import area_texts  # noqa: F401  (the areas register their failure sentences, as desktop/ui/app.py does at start)
