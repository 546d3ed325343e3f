"""The locked test split: a committed file with the content hash of every suite's test cases.

``eval/datasets/test.lock.json`` records, per suite, how many test cases it has and a hash over
them, plus a short hash of every test case by id. Loading a suite whose test split no longer
matches raises a one-line ``DataError`` naming the file and the first changed row, so a silent
edit of the sealed split fails CI. ``workbench eval lock`` rewrites the file on purpose.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import DataError
from workbench.evaluation.datasets.cases import EvalCase, load_cases

LOCK_FILE = "test.lock.json"
_RELOCK = "run `workbench eval lock` if the change is intended"


def case_hash(case: EvalCase) -> str:
    """A short content hash of one case (every field, canonical JSON)."""
    return hashlib.sha256(json.dumps(case.model_dump(), sort_keys=True).encode()).hexdigest()[:12]


def hash_test_split(cases: list[EvalCase]) -> str:
    """sha256 over a suite's test cases in id order (row order does not matter), 16 hex digits."""
    test = sorted((c for c in cases if c.split == "test"), key=lambda c: c.id)
    return hashlib.sha256("\n".join(f"{c.id}:{case_hash(c)}" for c in test).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SuiteLock:
    """What the lock records for one suite."""

    test_cases: int
    test_hash: str
    dev_cases: int


def read_lock(path: Path) -> tuple[dict[str, SuiteLock], dict[str, str]]:
    """The locked suites and per-case hashes; an absent file locks nothing."""
    if not path.is_file():
        return {}, {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        suites = {name: SuiteLock(**entry) for name, entry in raw["suites"].items()}
        return suites, dict(raw["cases"])
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise DataError(f"{path} is not a valid lock file ({exc}); {_RELOCK}.") from exc


def check_test_split(path: Path, cases: list[EvalCase]) -> None:
    """Raise a one-line ``DataError`` when the suite at ``path`` has a test split the lock does not match.

    A suite without test cases needs no lock (scratch suites of dev cases, test fixtures).
    """
    test = [c for c in cases if c.split == "test"]
    if not test:
        return
    lock_path = path.parent / LOCK_FILE
    suites, hashes = read_lock(lock_path)
    suite = path.stem
    if suite not in suites:
        raise DataError(f"{path}: suite {suite!r} has {len(test)} test cases but no entry in {lock_path}; "
                        f"{_RELOCK}.")
    locked = suites[suite]
    if hash_test_split(cases) == locked.test_hash:
        return
    rows = {c.id: n for n, c in enumerate(cases, start=1)}
    for case in test:
        if case.id not in hashes:
            raise DataError(f"{path}:{rows[case.id]}: test case {case.id!r} is not in {lock_path.name} "
                            f"(new or moved to test); {_RELOCK}.")
        if case_hash(case) != hashes[case.id]:
            raise DataError(f"{path}:{rows[case.id]}: test case {case.id!r} changed since {lock_path.name} "
                            f"was written; {_RELOCK}.")
    raise DataError(f"{path}: {len(test)} test cases, {locked.test_cases} locked in {lock_path.name} "
                    f"(a locked test case was removed or moved to dev); {_RELOCK}.")


def load_locked(path: Path) -> list[EvalCase]:
    """Load a suite and check its test split against the lock next to it."""
    cases = load_cases(path)
    check_test_split(path, cases)
    return cases


def lock_changes(datasets_dir: Path, suites: tuple[str, ...]) -> list[str]:
    """One line per suite whose test split differs from the lock (empty when all match)."""
    locked, _ = read_lock(datasets_dir / LOCK_FILE)
    changes = []
    for suite in suites:
        path = datasets_dir / f"{suite}.jsonl"
        if not path.is_file():
            continue
        cases = load_cases(path)
        entry = _entry(cases)
        old = locked.get(suite)
        if old is None:
            changes.append(f"{suite}: newly locked ({entry.test_cases} test cases, hash {entry.test_hash})")
        elif old.test_hash != entry.test_hash:
            changes.append(f"{suite}: test cases {old.test_cases} → {entry.test_cases}, hash "
                           f"{old.test_hash} → {entry.test_hash}")
    changes += [f"{suite}: no longer locked (suite file gone)" for suite in locked
                if suite in suites and not (datasets_dir / f"{suite}.jsonl").is_file()]
    return changes


def write_lock(datasets_dir: Path, suites: tuple[str, ...]) -> list[str]:
    """Rewrite the lock from the suites' current test splits; returns what changed.

    Written to a temp file and renamed, so a failure leaves the old lock in place.
    """
    changes = lock_changes(datasets_dir, suites)
    entries, hashes = {}, {}
    for suite in suites:
        path = datasets_dir / f"{suite}.jsonl"
        if not path.is_file():
            continue
        cases = load_cases(path)
        entries[suite] = _entry(cases).__dict__
        hashes |= {c.id: case_hash(c) for c in cases if c.split == "test"}
    body = {"about": "Content hashes of each suite's sealed test split. Rewrite only on purpose: "
                     "`workbench eval lock`.",
            "suites": entries, "cases": dict(sorted(hashes.items()))}
    path = datasets_dir / LOCK_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return changes


def _entry(cases: list[EvalCase]) -> SuiteLock:
    return SuiteLock(test_cases=sum(c.split == "test" for c in cases), test_hash=hash_test_split(cases),
                     dev_cases=sum(c.split == "dev" for c in cases))
