"""LiteMaaS catalog service: models from LiteLLM, pricing, subscriptions, approvals, quotas.

Not built yet: it owns its database (outbox and inbox only) and answers health checks.
"""
