"""LiteMaaS sync service: LiteMaaS events in, LiteLLM admin API calls out."""
