"""``onestop demo``: builds a demo database (center, staff, each area's sample data)."""

from desktop.demo.build import DEMO_PASSWORD, STAFF, create_demo

__all__ = [
    "DEMO_PASSWORD",
    "STAFF",
    "create_demo",
]
