"""LiteMaaS billing service: spend ledger, budgets, alerts, credits, usage analytics.

Not built yet: it owns its database (outbox and inbox only) and answers health checks.
"""
