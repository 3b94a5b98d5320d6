from desktop.ui import (
    area_texts,  # noqa: F401  (the areas register their failure sentences, as desktop/ui/app.py does at start)
    areas,  # noqa: F401  (it provides the screens one area opens of another, as when the main window loads it)
)
