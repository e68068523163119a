"""What the auth service's routes accept and return, shared by its routers."""

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from litemaas_auth.domain.text import check_text
from litemaas_auth.domain.users import User


def _line(text: str) -> str:
    return check_text(text)


def _paragraphs(text: str) -> str:
    return check_text(text, multiline=True)


#: one line of text: no control characters (NUL, escapes, line breaks)
Line = Annotated[str, AfterValidator(_line)]
#: free text: line breaks and tabs allowed, no other control characters
Paragraphs = Annotated[str, AfterValidator(_paragraphs)]
#: a reason an admin gives (audit trail)
Reason = Annotated[Paragraphs, Field(max_length=1000)]
#: user and team ids are UUIDs; anything else cannot name one
EntityId = Annotated[str, Field(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9-]+$")]


class UserOut(BaseModel):
    id: str
    username: str
    email: str | None
    full_name: str | None
    #: the effective roles: admin_roles, group_roles and "user"
    roles: list[str]
    #: set by hand by a platform admin
    admin_roles: list[str]
    #: granted by the identity provider's groups (or AUTH_INITIAL_ADMINS) at the last login
    group_roles: list[str]
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> "UserOut":
        return cls(
            id=user.id,
            username=user.username,
            email=user.email,
            full_name=user.full_name,
            roles=list(user.roles),
            admin_roles=list(user.admin_roles),
            group_roles=list(user.granted_roles),
            active=user.active,
            created_at=user.created_at,
        )


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - the scheme, not a secret
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    user: UserOut
    #: something the person logging in should know (e.g. their username was taken)
    notice: str | None = None
