"""What the auth service's login routes return."""

from datetime import datetime

from pydantic import BaseModel

from litemaas_auth.domain.users import User


class UserOut(BaseModel):
    id: str
    username: str
    email: str | None
    full_name: str | None
    roles: list[str]
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> "UserOut":
        return cls(
            id=user.id,
            username=user.username,
            email=user.email,
            full_name=user.full_name,
            roles=list(user.roles),
            created_at=user.created_at,
        )


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - the scheme, not a secret
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    user: UserOut
