"""In-app notifications (each person's own), webhook endpoints and the delivery log (admins)."""

import secrets
import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response

from litemaas_billing.adapters.inbox_views import AlertViews
from litemaas_billing.entrypoints.budget_schemas import (
    DeliveryOut,
    NotificationOut,
    NotificationsOut,
    WebhookCreatedOut,
    WebhookIn,
    WebhookOut,
)
from litemaas_billing.entrypoints.fields import EventId, PathId
from litemaas_servicekit.errors import NotFound
from litemaas_servicekit.sealing import Sealer
from litemaas_servicekit.security import ADMIN, ADMIN_READONLY, Principal, Verifier, authenticated

NotificationId = Annotated[int, Path(ge=1, le=2**62)]
Limit = Annotated[int, Query(ge=1, le=500)]


def router(views: AlertViews, sealer: Sealer, verifier: Verifier) -> APIRouter:
    api = APIRouter(tags=["alerts"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    @api.get("/api/v1/notifications", response_model=NotificationsOut, summary="My notifications")
    async def mine(caller: Caller, unread: bool = False, limit: Limit = 50) -> NotificationsOut:
        rows, count = await views.notifications(caller.user_id, unread_only=unread, limit=limit)
        return NotificationsOut(items=[NotificationOut(**r) for r in rows], unread=count)

    @api.post("/api/v1/notifications/read-all", summary="Mark all of mine read")
    async def read_all(caller: Caller) -> dict[str, int]:
        return {"marked": await views.mark_read(caller.user_id, None, datetime.now(UTC))}

    @api.post("/api/v1/notifications/{notification_id}/read", summary="Mark one read")
    async def read_one(notification_id: NotificationId, caller: Caller) -> dict[str, int]:
        if not await views.is_notification_of(caller.user_id, notification_id):
            raise NotFound(f"no notification {notification_id}")
        return {"marked": await views.mark_read(caller.user_id, notification_id, datetime.now(UTC))}

    @api.post(
        "/api/v1/admin/webhooks",
        response_model=WebhookCreatedOut,
        status_code=201,
        summary="Add an endpoint; its signing secret is shown once",
    )
    async def add(body: WebhookIn, caller: Caller) -> WebhookCreatedOut:
        caller.require(ADMIN)
        webhook_id, secret = str(uuid.uuid4()), "whsec_" + secrets.token_urlsafe(32)
        row = await views.add_webhook(
            {
                "id": webhook_id,
                "url": body.url,
                "description": body.description,
                "sealed_secret": sealer.seal(secret, webhook_id),
                "enabled": True,
                "created_by": caller.user_id,
            }
        )
        return WebhookCreatedOut(**row, secret=secret)

    @api.get("/api/v1/admin/webhooks", response_model=list[WebhookOut], summary="Endpoints")
    async def hooks(caller: Caller) -> list[WebhookOut]:
        caller.require(ADMIN, ADMIN_READONLY)
        return [WebhookOut(**r) for r in await views.webhooks()]

    @api.delete("/api/v1/admin/webhooks/{webhook_id}", status_code=204, summary="Disable")
    async def disable(webhook_id: PathId, caller: Caller) -> Response:
        """Disabled, not deleted: its delivery log stays readable."""
        caller.require(ADMIN)
        if not await views.disable_webhook(webhook_id):
            raise NotFound(f"no webhook {webhook_id!r}")
        return Response(status_code=204)

    @api.get(
        "/api/v1/admin/alert-deliveries",
        response_model=list[DeliveryOut],
        summary="The delivery log: every webhook call and mail, its attempts and last error",
    )
    async def log(
        caller: Caller,
        channel: Literal["webhook", "email"] | None = None,
        status: Literal["pending", "sent", "failed"] | None = None,
        event_id: EventId = None,
        limit: Limit = 100,
    ) -> list[DeliveryOut]:
        caller.require(ADMIN, ADMIN_READONLY)
        found = await views.deliveries(
            channel=channel, status=status, event_id=event_id, limit=limit
        )
        return [DeliveryOut(**r) for r in found]

    return api
