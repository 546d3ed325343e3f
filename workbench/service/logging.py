"""Structured JSON logs for the API: one line per request, with no email, token or key in it.

Each line carries the request id (also sent back as ``X-Request-ID``), the caller as a keyed
hash of their employee id (so lines of one user can be grouped without naming them; a plain
hash of a guessable id like ``E00042`` could be reversed by trying them all), the route,
status, latency, and the answer's tokens, cost and cache hits.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import sys
import time
from pathlib import Path

LOGGER_NAME = "workbench.service"


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object: time, level, message and the record's ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        """The JSON line for one record."""
        line = {"ts": round(record.created, 3), "level": record.levelname.lower(),
                "logger": record.name, "event": record.getMessage()}
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            # The exception type only: a traceback's locals or messages may hold a question's text.
            line["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else None
        return json.dumps(line, ensure_ascii=False, default=str)


def service_logger(stream=None) -> logging.Logger:
    """The API's logger, writing JSON lines to stderr; or a logger of its own for ``stream`` (tests)."""
    logger = logging.getLogger(LOGGER_NAME if stream is None else f"{LOGGER_NAME}.stream{id(stream)}")
    if not any(getattr(h, "_workbench_json", False) for h in logger.handlers):
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler._workbench_json = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def log_event(logger: logging.Logger, event: str, level: int = logging.INFO, **fields: object) -> None:
    """Log one structured event (``fields`` become keys of the JSON line)."""
    logger.log(level, event, extra={"fields": fields})


class UserHasher:
    """Keyed hashes of employee ids for logs, stable across workers and restarts of one deployment."""

    def __init__(self, key: bytes):
        self._key = key

    @classmethod
    def from_file(cls, path: Path) -> UserHasher:
        """The key kept in ``path`` (created once with 32 random bytes, readable by the owner only)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:  # first worker to start writes it; the others read it
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
        for _ in range(50):  # another worker may be between create and write
            if text := path.read_text().strip():
                return cls(bytes.fromhex(text))
            time.sleep(0.01)
        raise RuntimeError(f"{path} is empty: delete it and restart the service.")

    def __call__(self, employee_id: str | None) -> str | None:
        """The hash logged for this employee (16 hex characters)."""
        if employee_id is None:
            return None
        return hmac.new(self._key, employee_id.encode("utf-8"), hashlib.sha256).hexdigest()[:16]
