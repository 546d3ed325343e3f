"""Helpers shared by the service tests."""

from __future__ import annotations


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


def metric(client, name: str, **labels: str) -> float:
    """The value of one sample in /metrics (0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in client.get("/metrics").text.splitlines():
        if line.startswith("#"):
            continue
        key, _, value = line.rpartition(" ")
        name_, _, rest = key.partition("{")
        if name_ == name and ",".join(sorted(filter(None, rest.rstrip("}").split(",")))) == wanted:
            return float(value)
    return 0.0
