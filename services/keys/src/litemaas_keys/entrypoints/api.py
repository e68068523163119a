"""``/api/v1/api-keys``: keys over one or more subscribed models; the secret is shown once."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from litemaas_keys.app import keys as uc
from litemaas_keys.app.ports import KeysTransactions, SecretSealer
from litemaas_keys.domain.keys import KeyRefused, LimitRefused
from litemaas_keys.entrypoints.fields import PageNo, PathId, QueryId
from litemaas_keys.entrypoints.schemas import KeyIn, KeyOut, KeysPage, RevokeIn, RotateIn
from litemaas_keys.settings import KeysSettings
from litemaas_servicekit.errors import Conflict, Forbidden, Invalid
from litemaas_servicekit.security import Principal, Verifier, authenticated


def router(
    tx: KeysTransactions, sealer: SecretSealer, settings: KeysSettings, verifier: Verifier
) -> APIRouter:
    api = APIRouter(tags=["api-keys"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    def refused(exc: KeyRefused) -> Exception:
        """Wrong limits are bad input (422); missing subscriptions, 403; a key's state, 409."""
        message = str(exc)
        if isinstance(exc, LimitRefused):
            return Invalid(message)
        if message.startswith("no active subscription"):
            return Forbidden(message)
        return Conflict(message)

    @api.post(
        "/api/v1/api-keys",
        response_model=KeyOut,
        status_code=201,
        summary="Create a key for subscribed models (the secret is in this answer only)",
    )
    async def create(body: KeyIn, caller: Caller) -> KeyOut:
        try:
            minted = await uc.create_key(
                tx,
                sealer,
                settings.policy(),
                caller,
                body.name,
                tuple(body.models),
                body.limits(),
                body.expires_at,
                body.team_id,
            )
        except KeyRefused as exc:
            raise refused(exc) from exc
        return KeyOut.of(minted.key, minted.secret)

    @api.get(
        "/api/v1/api-keys",
        response_model=KeysPage,
        summary="My keys (admins and admin-readonly: everyone's, or ?user_id=); ?team_id= narrows",
    )
    async def mine(
        caller: Caller,
        user_id: QueryId = None,
        team_id: QueryId = None,
        page: PageNo = 1,
        page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> KeysPage:
        found, total = await uc.list_keys(tx, caller, user_id, page, page_size, team_id)
        return KeysPage(
            items=[KeyOut.of(k) for k in found], total=total, page=page, page_size=page_size
        )

    @api.get("/api/v1/api-keys/{key_id}", response_model=KeyOut, summary="One key")
    async def one(key_id: PathId, caller: Caller) -> KeyOut:
        return KeyOut.of(await uc.get_key(tx, caller, key_id))

    @api.post(
        "/api/v1/api-keys/{key_id}/rotate",
        response_model=KeyOut,
        status_code=201,
        summary="A new key; the old one stops after the overlap",
    )
    async def rotate(key_id: PathId, caller: Caller, body: RotateIn | None = None) -> KeyOut:
        wanted = (
            body.overlap_seconds
            if body and body.overlap_seconds is not None
            else settings.rotation_overlap_seconds
        )
        overlap = timedelta(seconds=min(wanted, settings.max_rotation_overlap_seconds))
        try:
            minted = await uc.rotate_key(tx, sealer, caller, key_id, overlap)
        except KeyRefused as exc:
            raise refused(exc) from exc
        return KeyOut.of(minted.key, minted.secret)

    @api.delete("/api/v1/api-keys/{key_id}", response_model=KeyOut, summary="Revoke")
    async def revoke(key_id: PathId, caller: Caller, body: RevokeIn | None = None) -> KeyOut:
        try:
            return KeyOut.of(await uc.revoke_key(tx, caller, key_id, body.reason if body else ""))
        except KeyRefused as exc:
            raise refused(exc) from exc

    @api.post(
        "/api/v1/admin/api-keys/{key_id}/reset-spend",
        response_model=KeyOut,
        summary="Reset a key's spend in LiteLLM (admins)",
    )
    async def reset(key_id: PathId, caller: Caller) -> KeyOut:
        return KeyOut.of(await uc.reset_spend(tx, caller, key_id))

    return api
