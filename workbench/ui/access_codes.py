"""Per-user access codes for the app's sign-in form, stored as salted scrypt hashes.

The table lives in the app database (``settings.app_db``). A code is never stored: only a
random per-user salt and ``hashlib.scrypt(code, salt)``. Checking a code for an unknown email
costs the same scrypt call, so response time does not reveal which emails exist.
``workbench users set-code`` and ``workbench users demo-codes`` set codes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workbench.claims import ClaimsStore, Employee
from workbench.errors import UnknownUserError, WorkbenchError
from workbench.limits import Limiter
from workbench.ui.appdb import connect

#: The code ``workbench users demo-codes`` gives every sample user unless asked for random ones.
DEMO_CODE = "demo-access"
MIN_CODE_CHARS = 6
MAX_CODE_CHARS = 256

# scrypt cost: ~50 ms and 16 MiB per check on a laptop (the interactive-login parameters
# recommended by the scrypt paper); salt and parameters are stored per row so they can change.
_N, _R, _P = 2**14, 8, 1
_DKLEN = 32

_SCHEMA = """
CREATE TABLE IF NOT EXISTS access_codes (
    email TEXT PRIMARY KEY,
    employee_id TEXT NOT NULL,
    salt BLOB NOT NULL,
    hash BLOB NOT NULL,
    n INTEGER NOT NULL,
    r INTEGER NOT NULL,
    p INTEGER NOT NULL,
    updated_at REAL NOT NULL
);
"""


@dataclass(frozen=True)
class CodeSet:
    """A code that was just set (shown once by the CLI)."""

    email: str
    employee_id: str
    full_name: str
    grade: str
    code: str


def _hash(code: str, salt: bytes, n: int = _N, r: int = _R, p: int = _P) -> bytes:
    return hashlib.scrypt(code.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=_DKLEN,
                          maxmem=128 * r * n * 2)


def check_code_format(code: str) -> str:
    """The code without surrounding spaces; a clear error when it is too short or too long."""
    code = code.strip()
    if len(code) < MIN_CODE_CHARS:
        raise WorkbenchError(f"An access code needs at least {MIN_CODE_CHARS} characters; "
                             "pick a longer one (or omit --code to generate one).")
    if len(code) > MAX_CODE_CHARS:
        raise WorkbenchError(f"An access code may have at most {MAX_CODE_CHARS} characters.")
    return code


_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i look-alikes


def new_code() -> str:
    """A random code that is easy to read out and type: three groups of four (about 59 bits)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))


class AccessCodes:
    """The ``access_codes`` table."""

    def __init__(self, path: Path):
        self.path = Path(path)
        with connect(self.path, _SCHEMA):
            pass

    def set(self, employee: Employee, code: str) -> None:
        """Set (or replace) one employee's code."""
        code = check_code_format(code)
        salt = os.urandom(16)
        with connect(self.path) as con:
            con.execute(
                "INSERT OR REPLACE INTO access_codes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (employee.email.strip().lower(), employee.employee_id, salt, _hash(code, salt),
                 _N, _R, _P, time.time()))

    def verify(self, email: str, code: str) -> str | None:
        """The employee id when ``code`` is this email's code, else None."""
        with connect(self.path) as con:
            row = con.execute("SELECT employee_id, salt, hash, n, r, p FROM access_codes "
                              "WHERE email = ?", (email.strip().lower(),)).fetchone()
        if row is None:
            _hash(code.strip(), b"\0" * 16)  # same cost as a real check
            return None
        employee_id, salt, stored, n, r, p = row
        matches = hmac.compare_digest(_hash(code.strip(), salt, n, r, p), stored)
        return employee_id if matches else None

    def count(self) -> int:
        """How many users have a code."""
        with connect(self.path) as con:
            return con.execute("SELECT COUNT(*) FROM access_codes").fetchone()[0]

    def list(self) -> list[tuple[str, str, float]]:
        """(email, employee id, when the code was set as a Unix time) of every user with a code."""
        with connect(self.path) as con:
            return con.execute("SELECT email, employee_id, updated_at FROM access_codes ORDER BY email").fetchall()

    def remove(self, email: str) -> bool:
        """Delete one user's code (they can no longer sign in with a code)."""
        with connect(self.path) as con:
            return con.execute("DELETE FROM access_codes WHERE email = ?",
                               (email.strip().lower(),)).rowcount > 0


def set_code(codes: AccessCodes, store: ClaimsStore, user: str, code: str | None = None) -> CodeSet:
    """Set the code of one user (email or employee id); a random code when none is given."""
    employee = store.for_user(user).employee  # UnknownUserError names the fix
    code = check_code_format(code) if code is not None else new_code()
    codes.set(employee, code)
    return CodeSet(employee.email, employee.employee_id, employee.full_name, employee.grade, code)


def set_demo_codes(codes: AccessCodes, store: ClaimsStore, code: str | None = DEMO_CODE,
                   limit: int | None = None,
                   progress: Callable[[int], None] | None = None) -> list[CodeSet]:
    """Give sample users a code: ``code`` for all of them, or a random one each when None."""
    out = []
    for row in store.users(limit).itertuples(index=False):
        employee = Employee(row.employee_id, row.email, row.full_name, row.department, row.grade)
        this = code if code is not None else new_code()
        codes.set(employee, this)
        out.append(CodeSet(row.email, row.employee_id, row.full_name, row.grade, this))
        if progress:
            progress(1)
    return out


class SignInError(WorkbenchError):
    """Sign-in refused (the message is safe to show: it never says which part was wrong)."""


#: Failed sign-ins allowed per email and minute before the form asks the person to wait.
MAX_FAILED_SIGN_INS_PER_MINUTE = 5


def authenticate(codes: AccessCodes, store: ClaimsStore, failures: Limiter,
                 email: str, code: str) -> Employee:
    """The employee whose email and access code these are, or ``SignInError``.

    ``failures`` counts failed attempts per email; past its limit the code is not even checked.
    """
    email, code = (email or "").strip().lower(), (code or "").strip()
    if not email or not code:
        raise SignInError("Enter both your work email and your access code.")
    key = f"sign-in:{email}"
    if not (wait := failures.peek(key)).allowed:
        raise SignInError(f"Too many failed sign-ins for this email. Try again in "
                          f"{wait.retry_after_whole_s} seconds.")
    employee_id = codes.verify(email, code)
    if employee_id is None:
        failures.record(key)
        raise SignInError("Wrong email or access code. Check both and try again; if you have no "
                          "code, ask whoever runs this app (`workbench users set-code EMAIL`).")
    try:
        employee = store.for_user(employee_id).employee
    except UnknownUserError as exc:
        raise SignInError("Your access code is valid but you are not in the claims database any "
                          "more (was it rebuilt?); ask for a new code.") from exc
    if employee.email.lower() != email:
        raise SignInError("Your access code belongs to an older copy of the claims database; "
                          "ask for a new code.")
    return employee
