"""The two outward channels: signed webhook calls (httpx) and mail (SMTP, stdlib smtplib)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import smtplib
from email.message import EmailMessage

import httpx

from litemaas_billing.app.deliver import Delivery, DeliveryFailed
from litemaas_billing.settings import BillingSettings
from litemaas_servicekit.sealing import SealBroken, Sealer

SIGNATURE_HEADER = "X-LiteMaaS-Signature"


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex HMAC-SHA256 of the exact body>``: what a receiver recomputes and compares."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def webhook_body(delivery: Delivery) -> bytes:
    payload = delivery.payload
    return json.dumps(
        {"id": payload["id"], "type": payload["type"], "data": payload["data"]},
        separators=(",", ":"),
        sort_keys=True,
    ).encode()


class WebhookSender:
    def __init__(self, http: httpx.AsyncClient, sealer: Sealer) -> None:
        self.http, self.sealer = http, sealer

    async def send(self, delivery: Delivery) -> int | None:
        assert delivery.address is not None
        assert delivery.sealed_secret is not None
        try:
            secret = self.sealer.open(delivery.sealed_secret, delivery.target)
        except SealBroken as exc:
            raise DeliveryFailed(
                "the endpoint's secret cannot be opened with BILLING_WEBHOOK_KEY"
            ) from exc
        body = webhook_body(delivery)
        headers = {
            "content-type": "application/json",
            "user-agent": "litemaas-billing",
            "x-litemaas-event": delivery.payload["type"],
            "x-litemaas-delivery": str(delivery.id),
            SIGNATURE_HEADER: signature(secret, body),
        }
        try:
            response = await self.http.post(delivery.address, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc
        if not response.is_success:
            raise DeliveryFailed(
                f"the endpoint answered {response.status_code}", response.status_code
            )
        return response.status_code


class MailSender:
    def __init__(self, settings: BillingSettings) -> None:
        self.settings = settings

    def _send(self, to: str, subject: str, text: str) -> None:
        s = self.settings
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = s.smtp_from, to, subject
        message.set_content(text)
        assert s.smtp_host is not None
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds) as smtp:
            if s.smtp_starttls:
                smtp.starttls()
            if s.smtp_username:
                password = s.smtp_password.get_secret_value() if s.smtp_password else ""
                smtp.login(s.smtp_username, password)
            smtp.send_message(message)

    async def send(self, delivery: Delivery) -> int | None:
        assert delivery.address is not None
        payload = delivery.payload
        try:
            await asyncio.to_thread(self._send, delivery.address, payload["title"], payload["text"])
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc
        return None
