"""Stable pseudonyms for employees: names and emails replaced by keyed hashes of the employee id.

``HMAC-SHA256(secret, employee_id)`` gives the same pseudonym for the same employee on every
import made with the same secret (so suites and MLflow runs stay comparable across refreshes),
and nobody without the secret can recompute or reverse it. The real ↔ pseudonym table is only
written where the caller asks, never into the database.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import os
from pathlib import Path

import pandas as pd

from workbench.errors import ConfigError

__all__ = ["MIN_SECRET_CHARS", "pseudonym", "pseudonymise", "write_pseudonym_map"]

MIN_SECRET_CHARS = 12
PSEUDONYM_DOMAIN = "pseudonym.invalid"  # .invalid can never be a real mail domain (RFC 2606)


def pseudonym(secret: str, employee_id: str) -> tuple[str, str]:
    """(name, email) pseudonyms for one employee id."""
    digest = hmac.new(secret.encode(), employee_id.encode(), hashlib.sha256).hexdigest()
    return f"Person {digest[:8].upper()}", f"person-{digest[:16]}@{PSEUDONYM_DOMAIN}"


def pseudonymise(employees: pd.DataFrame, secret: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Replace ``full_name`` and ``email``; returns (new employees, the real ↔ pseudonym table).

    Raises:
        ConfigError: The secret is shorter than ``MIN_SECRET_CHARS``.
    """
    if len(secret) < MIN_SECRET_CHARS:
        raise ConfigError(f"The pseudonymisation secret has {len(secret)} characters; use at least "
                          f"{MIN_SECRET_CHARS} (a random passphrase kept outside the repository).")
    names, emails = zip(*(pseudonym(secret, str(e)) for e in employees.employee_id), strict=True) \
        if len(employees) else ((), ())
    pairs = pd.DataFrame({"employee_id": employees.employee_id, "full_name": employees.full_name,
                          "email": employees.email, "pseudonym_name": list(names),
                          "pseudonym_email": list(emails)})
    out = employees.copy()
    out["full_name"], out["email"] = list(names), list(emails)
    return out, pairs


def write_pseudonym_map(pairs: pd.DataFrame, path: Path) -> None:
    """Write the real ↔ pseudonym table as CSV (temp file + rename, readable by the owner only)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
        pairs.to_csv(fh, index=False, quoting=csv.QUOTE_MINIMAL)
    os.replace(tmp, path)
