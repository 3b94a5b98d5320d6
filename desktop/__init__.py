"""OneStop — workbench of a town's one-stop comprehensive service center."""

__version__ = "0.1.0"
