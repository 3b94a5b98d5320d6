"""The Reports area: the director's dashboard, the records behind each figure, and the standard reports."""
