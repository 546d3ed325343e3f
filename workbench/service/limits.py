"""Request limits of the API: body size (413), per-token rate (429) and per-request time (504).

The rate limit is the one the chat app uses (``workbench.limits``), keyed by token id. The
body limit is an ASGI middleware so an oversized body is refused before anything parses it,
whether or not the client sent ``Content-Length``.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    """The request body passed the configured limit while it was being read."""


class BodySizeLimit:
    """Refuses request bodies over ``max_bytes`` with 413 (checked on the header and on the stream)."""

    def __init__(self, app: ASGIApp, max_bytes: int, on_refused=None):
        self.app, self.max_bytes, self.on_refused = app, int(max_bytes), on_refused

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request through, or answer 413."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if started:  # too late to change the status; the connection is closed instead
                raise
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        if self.on_refused is not None:
            self.on_refused(scope)
        body = json.dumps({"detail": f"Request body is larger than {self.max_bytes:,} bytes; "
                                     "send a shorter question or comment."}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
