"""The LiteMaaS local stack launcher (standard library only); see ../stack.py."""
