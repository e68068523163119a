"""LiteMaaS keys service: API keys: multi-model, limits, rotation, revocation, expiry.

Not built yet: it owns its database (outbox and inbox only) and answers health checks.
"""
