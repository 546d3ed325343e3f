"""Helpers shared by the benchmarks: timing statistics, the machine, results files, tables."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

RESULTS = Path(__file__).with_name("results")


def stats(samples: Sequence[float]) -> dict[str, float]:
    """Median, p95, min and count of a list of timings."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"median": statistics.median(ordered), "p95": p95, "min": ordered[0], "n": len(ordered)}


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Seconds taken by ``repeat`` calls of ``fn``."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def machine() -> dict:
    """Cores, RAM, load and Python of this machine (load matters: the machine is shared)."""
    ram = None
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        pass
    return {"cores": os.cpu_count(), "ram_gib": round(ram, 1) if ram else None,
            "load_avg_1m": round(os.getloadavg()[0], 2), "python": platform.python_version(),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def report(name: str, rows: list[dict], params: dict, title: str) -> Path:
    """Print ``rows`` as a table and write ``benchmarks/results/<name>.json``; returns the path."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{title} ({machine()['cores']} cores, load {machine()['load_avg_1m']})")
    columns = list(dict.fromkeys(k for row in rows for k in row))
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*(_fmt(row.get(c)) for c in columns))
    Console(width=max(160, Console().width)).print(table)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"benchmark": name, "machine": machine(), "params": params, "rows": rows},
                              indent=2, default=str) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
