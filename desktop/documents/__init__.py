"""reportlab: fonts, styles, and one module per document."""
