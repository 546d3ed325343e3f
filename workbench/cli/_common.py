"""Helpers shared by the CLI modules: consoles, settings, progress bars and tables."""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:  # the CLI imports no heavy module at start-up; each command imports what it uses
    import pandas as pd
    from rich.progress import Progress
    from rich.table import Table

    from workbench.config import Settings

console = Console()
err_console = Console(stderr=True)

JSON = typer.Option(False, "--json", help="Print JSON (a list of objects) for scripts.")
CSV = typer.Option(False, "--csv", help="Print CSV with a header row for scripts.")


def settings(**overrides: object) -> Settings:
    """Settings from env/.env with CLI flag overrides (``None`` means not given).

    An invalid setting is a ``ConfigError`` naming the variable, printed in one line.
    """
    from pydantic import ValidationError

    from workbench.config import Settings
    from workbench.errors import ConfigError

    try:
        return Settings().with_overrides(**overrides)
    except ValidationError as exc:
        problems = "; ".join(f"WORKBENCH_{'.'.join(map(str, e['loc'])).upper()}: "
                             f"{e['msg'].removeprefix('Value error, ')}" for e in exc.errors())
        raise ConfigError(f"invalid setting {problems}") from None


def progress_bar() -> Progress:
    """A progress bar with a count, elapsed time and a description."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err_console, transient=False)


def table(rows: pd.DataFrame | Iterable[Sequence], columns: Sequence[str] | None = None,
          title: str | None = None) -> Table:
    """A rich table from a DataFrame or from rows and column names."""
    from rich.table import Table

    if hasattr(rows, "itertuples"):  # a DataFrame
        columns, rows = list(rows.columns), rows.itertuples(index=False)
    out = Table(title=title, header_style="bold")
    for name in columns or ():
        # Fold long cells onto more lines instead of cutting them with "…": an email or run id
        # must survive being copied from the terminal or piped into another command.
        out.add_column(str(name), overflow="fold")
    for row in rows:
        out.add_row(*(_cell(v) for v in row))
    return out


def emit(rows: pd.DataFrame | Iterable[Sequence], columns: Sequence[str] | None = None,
         title: str | None = None, as_json: bool = False, as_csv: bool = False) -> None:
    """Print rows as a table for people, or as JSON / CSV (full values, nothing cut) for scripts.

    When stdout is not a terminal the table is printed at a width that fits every cell, so
    piping a table into ``grep`` or ``cut`` never sees an identifier folded or truncated.
    """
    if as_json and as_csv:
        raise typer.BadParameter("give --json or --csv, not both")
    if hasattr(rows, "itertuples"):  # a DataFrame
        columns, rows = [str(c) for c in rows.columns], list(rows.itertuples(index=False))
    columns, rows = list(columns or ()), [tuple(r) for r in rows]
    if as_json:
        records = [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows]
        sys.stdout.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if (v := _plain(x)) is None else v for x in row] for row in rows])
    elif console.is_terminal:
        console.print(table(rows, columns, title=title))
    else:
        widest = max([len(title or "")] + [len(_cell(v)) + 3 for row in rows for v in row] + [0])
        wide = Console(width=max(console.width, widest * max(len(columns), 1) + 4))
        wide.print(table(rows, columns, title=title))


def _plain(value: object) -> object:
    """A JSON-able Python value (numpy scalars unwrapped, NaN as null, dates as ISO text)."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return value.isoformat()
    return value


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
