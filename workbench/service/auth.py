"""Bearer tokens for the REST API: issued per user by the CLI, stored as hashes, checked per request.

A token is ``wb_<id>_<secret>``: the id (public, shown by ``workbench tokens list``) names the
row; the 256-bit secret is never stored, only ``sha256(token)``. A fast hash is enough here
(unlike the chat's human-chosen access codes, which use scrypt) because the secret is random and
too long to guess: there is no dictionary to slow down. The token decides who the caller is;
nothing in a request body can name a user.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from workbench.claims import ClaimsStore
from workbench.errors import WorkbenchError
from workbench.ui.appdb import connect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_tokens (
    token_id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    employee_id TEXT NOT NULL,
    email TEXT NOT NULL,
    name TEXT,
    created_at REAL NOT NULL,
    revoked_at REAL
);
"""

_TOKEN = re.compile(r"^wb_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")


@dataclass(frozen=True)
class TokenInfo:
    """A token's public record (never the secret)."""

    token_id: str
    employee_id: str
    email: str
    name: str | None
    created_at: float
    revoked_at: float | None

    @property
    def active(self) -> bool:
        """Not revoked."""
        return self.revoked_at is None

    def as_dict(self) -> dict:
        """Plain values for ``tokens list --json``."""
        return asdict(self) | {"active": self.active}


@dataclass(frozen=True)
class IssuedToken:
    """A token that was just issued: the secret is shown once and never again."""

    token: str
    info: TokenInfo


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiTokens:
    """The ``api_tokens`` table in the app database (``settings.app_db``)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        with connect(self.path, _SCHEMA):
            pass

    def issue(self, store: ClaimsStore, user: str, name: str | None = None) -> IssuedToken:
        """A new token for one user (email or employee id; ``UnknownUserError`` names the fix)."""
        employee = store.for_user(user).employee
        token_id = secrets.token_hex(6)
        token = f"wb_{token_id}_{secrets.token_urlsafe(32)}"
        info = TokenInfo(token_id, employee.employee_id, employee.email, name, time.time(), None)
        with connect(self.path) as con:
            con.execute("INSERT INTO api_tokens VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (token_id, _digest(token), info.employee_id, info.email, name,
                         info.created_at, None))
        return IssuedToken(token, info)

    def verify(self, token: str) -> TokenInfo | None:
        """The active token's record, or None for a malformed, unknown or revoked token."""
        match = _TOKEN.match(token or "")
        if match is None:
            return None
        with connect(self.path) as con:
            row = con.execute("SELECT token_id, employee_id, email, name, created_at, revoked_at, hash "
                              "FROM api_tokens WHERE token_id = ?", (match.group(1),)).fetchone()
        if row is None or not hmac.compare_digest(row[6], _digest(token)) or row[5] is not None:
            return None
        return TokenInfo(*row[:6])

    def revoke(self, token_id: str | None = None, user: str | None = None) -> int:
        """Revoke one token by id, or every token of a user (email or employee id); how many."""
        if (token_id is None) == (user is None):
            raise WorkbenchError("Revoke either one token (give its id from `workbench tokens list`) "
                                 "or every token of a user (--user EMAIL), not both or neither.")
        where, param = (("token_id = ?", token_id) if token_id is not None
                        else ("(lower(email) = ? OR lower(employee_id) = ?)", user.strip().lower()))
        params = (param,) if token_id is not None else (param, param)
        with connect(self.path) as con:
            return con.execute(f"UPDATE api_tokens SET revoked_at = ? WHERE {where} AND revoked_at IS NULL",
                               (time.time(), *params)).rowcount

    def list(self, include_revoked: bool = False) -> list[TokenInfo]:
        """Tokens, oldest first (active only unless asked)."""
        where = "" if include_revoked else "WHERE revoked_at IS NULL"
        with connect(self.path) as con:
            rows = con.execute("SELECT token_id, employee_id, email, name, created_at, revoked_at "
                               f"FROM api_tokens {where} ORDER BY created_at").fetchall()
        return [TokenInfo(*r) for r in rows]
