"""One Redis connection pool per URL, for the stores that move to Redis past one machine."""

from __future__ import annotations

from functools import lru_cache

from workbench.config import Settings
from workbench.errors import ConfigError


def redis_client(settings: Settings):
    """A client for ``settings.redis_url`` (connections are pooled and shared per URL)."""
    if not settings.redis_url:
        raise ConfigError("WORKBENCH_REDIS_URL is not set; set it to e.g. redis://127.0.0.1:6379/0.")
    return _client(settings.redis_url)


@lru_cache(maxsize=8)
def _client(url: str):
    try:
        import redis
    except ImportError as exc:  # an optional dependency: only deployments past one machine need it
        raise ConfigError("WORKBENCH_REDIS_URL is set but the `redis` package is not installed: "
                          "pip install 'redis'.") from exc
    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=5)
