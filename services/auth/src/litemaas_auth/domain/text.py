"""What text LiteMaaS accepts: usernames, emails, and free text without control characters."""

from __future__ import annotations

import re
import unicodedata

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: line breaks and tabs are fine in a description, never in a name
MULTILINE = frozenset("\n\t\r")


class InvalidUser(ValueError):
    """A username or email that LiteMaaS cannot accept."""


def normalize_username(raw: str) -> str:
    username = raw.strip().lower()
    if not USERNAME.fullmatch(username):
        raise InvalidUser(
            "username must be 1-64 characters: lower-case letters, digits, '.', '_', '-' or '@',"
            " starting with a letter or digit"
        )
    return username


def check_email(email: str) -> str:
    email = email.strip()
    if not EMAIL.fullmatch(email) or len(email) > 254:
        raise InvalidUser(f"{email!r} is not an email address")
    return email.lower()


def control_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The control characters (C0, DEL, C1; NUL included) in ``text``, as ``U+XXXX``.
    PostgreSQL refuses NUL outright, and the others make names that cannot be told apart."""
    allowed = MULTILINE if multiline else frozenset()
    return sorted(
        {f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cc" and c not in allowed}
    )


def check_text(text: str, *, multiline: bool = False) -> str:
    found = control_characters(text, multiline=multiline)
    if found:
        raise ValueError(f"control characters are not allowed ({', '.join(found)})")
    return text
