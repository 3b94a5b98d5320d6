"""The domain: plain functions over a unit of work, no Qt."""
