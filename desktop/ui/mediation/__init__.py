"""Mediation: disputes, sessions and their records, agreements, and the mediator's today view."""
