"""LiteMaaS API gateway."""
