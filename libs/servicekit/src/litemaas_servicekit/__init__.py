"""Shared plumbing for LiteMaaS services. Nothing here connects at import time."""
