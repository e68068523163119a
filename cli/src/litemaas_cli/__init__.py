"""Operator tools for LiteMaaS."""
