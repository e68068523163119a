"""LiteMaaS billing service: the spend ledger, its aggregates and the usage analytics API.

Budgets, alerts and credits are still to come.
"""
