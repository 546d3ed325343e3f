"""The chat app's rate limits: the shared implementation in ``workbench.limits``.

Kept so existing imports (``from workbench.ui.ratelimit import RateLimiter``) still work; the
API service uses the same classes, so the app and the API count requests the same way.
"""

from workbench.limits import Decision, RateLimiter

__all__ = ["Decision", "RateLimiter"]
