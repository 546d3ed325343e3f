"""Request limits of the API: body size (413), per-token rate (429) and per-request time (504).

The rate limit is the one the chat app uses (``workbench.limits``), keyed by token id. The
body limit is an ASGI middleware so an oversized body is refused before anything parses it,
whether or not the client sent ``Content-Length``.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


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
        # Read the whole body first (it is small by construction) so the app never sees a
        # partial one: FastAPI would turn an error raised mid-read into a 400.
        chunks, seen = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            if seen > self.max_bytes:
                await self._refuse(scope, send)
                return
            if not message.get("more_body", False):
                break
        body, replayed = b"".join(chunks), False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as Starlette expects

        await self.app(scope, replay, send)

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
