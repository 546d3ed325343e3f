"""Token prices per model, from ``pricing.yaml`` next to this module, and usage → cost.

A model that is not in the table has an unknown cost (``None``): reporting it as 0 would make
an unpriced run look free.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from workbench.errors import DataError

PRICING_FILE = Path(__file__).with_name("pricing.yaml")

# Dated snapshots ("gpt-4o-mini-2024-07-18") are priced like their family name.
_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")


class Price(BaseModel):
    """US dollars per 1M input (prompt) and output (completion) tokens."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    input: float = Field(ge=0)
    output: float = Field(ge=0)


@cache
def load_pricing(path: Path = PRICING_FILE) -> dict[str, Price]:
    """The pricing table, keyed by model name as written in the file.

    Raises:
        DataError: The file is missing or a row is malformed (names the row).
    """
    try:
        rows = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models") or {}
    except (OSError, yaml.YAMLError, AttributeError) as exc:
        raise DataError(f"{path}: cannot read the pricing table ({exc}); fix it.") from exc
    try:
        return {str(name): Price.model_validate(row) for name, row in rows.items()}
    except ValidationError as exc:
        raise DataError(f"{path}: a row under 'models' is malformed ({exc.errors()[0]['msg']}); "
                        "each needs numeric 'input' and 'output' prices per 1M tokens.") from exc


def price_for(model: str, table: dict[str, Price] | None = None) -> Price | None:
    """The price of a model string, with or without the ``openai/`` prefix; ``None`` if unknown."""
    table = load_pricing() if table is None else table
    name = model.strip()
    bare = name.removeprefix("openai/")
    for candidate in (name, bare, _SNAPSHOT.sub("", bare)):
        if candidate in table:
            return table[candidate]
    return None


def cost_usd(model: str, prompt_tokens: int, completion_tokens: int,
             table: dict[str, Price] | None = None) -> float | None:
    """What a request cost in US dollars, or ``None`` when the model is not in the table."""
    price = price_for(model, table)
    if price is None:
        return None
    return (prompt_tokens * price.input + completion_tokens * price.output) / 1_000_000
