"""LiteMaaS identity service."""
