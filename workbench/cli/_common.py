"""Helpers shared by the CLI modules: consoles, settings, progress bars and tables."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:  # the CLI imports no heavy module at start-up; each command imports what it uses
    import pandas as pd
    from rich.progress import Progress
    from rich.table import Table

    from workbench.config import Settings

console = Console()
err_console = Console(stderr=True)


def settings(**overrides: object) -> Settings:
    """Settings from env/.env with CLI flag overrides (``None`` means not given)."""
    from workbench.config import Settings

    return Settings().with_overrides(**overrides)


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
        out.add_column(str(name))
    for row in rows:
        out.add_row(*(_cell(v) for v in row))
    return out


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
