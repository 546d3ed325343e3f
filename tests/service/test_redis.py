"""The Redis-backed stores against a real redis-server on loopback: two API workers behave as one.

The fixture starts its own redis-server (from the Debian package; `scripts/services.sh start`
installs it) on a free loopback port and stops it afterwards. Without the binary, these tests
skip and say so.
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import time

import pytest
from fastapi.testclient import TestClient
from service_helpers import bearer

from workbench.agent import ClaimsAssistant
from workbench.agent.memory import ConversationStore
from workbench.agent.redis_stores import RedisConversationStore, RedisResponseCache
from workbench.limits import RateLimiter, RedisRateLimiter, rate_limiter
from workbench.redis_client import redis_client
from workbench.service.app import create_app
from workbench.service.auth import ApiTokens

redis = pytest.importorskip("redis", reason="the `redis` Python package is not installed")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A private redis-server on a free loopback port for this module."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (run `scripts/services.sh start`, which apt-installs it)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(workdir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):  # up to 10 s
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("redis-server did not answer within 10 s")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def client(redis_url):
    """A client on an empty database."""
    c = redis.Redis.from_url(redis_url, decode_responses=True)
    c.flushdb()
    return c


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("limit", [1, 10])
def test_both_limiters_keep_the_same_window(backend, limit, tmp_path, client):
    limiter = (RateLimiter(tmp_path / "app.sqlite", limit) if backend == "sqlite"
               else RedisRateLimiter(client, limit))
    for i in range(limit):
        assert limiter.acquire("u", now=1000.0 + i).allowed
    assert limiter.peek("u", now=1000.0 + limit).remaining == 0
    refused = limiter.acquire("u", now=1000.0 + limit)
    assert not refused.allowed and refused.retry_after_whole_s == 60 - limit
    assert limiter.acquire("other", now=1000.0 + limit).allowed, "limits are per key"
    assert limiter.acquire("u", now=1060.5).allowed, "a slot frees after a minute"


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_both_memories_are_scoped_per_user_and_keep_the_last_turns(backend, tmp_path, client):
    store = (ConversationStore(tmp_path / "app.sqlite", ttl_hours=1, max_turns=2) if backend == "sqlite"
             else RedisConversationStore(client, ttl_hours=1, max_turns=2))
    a, b = store.for_user("E1"), store.for_user("E2")
    now = time.time()
    for i in range(3):
        a.append("c1", f"q{i}", f"a{i}", {"trace_id": str(i)}, now=now + i)
    assert [t.question for t in a.history("c1", now=now + 5)] == ["q1", "q2"]
    assert a.history("c1", now=now + 5)[-1].meta == {"trace_id": "2"}
    assert b.history("c1") == [] and b.conversations() == []
    assert [c for c, _ in a.conversations()] == ["c1"]
    assert a.history("c1", now=now + 3 * 3600) == [], "turns past the TTL are not fed back"
    a.clear("c1")
    assert a.history("c1") == []


def test_response_cache_in_redis_round_trips(client):
    cache = RedisResponseCache(client)
    assert cache.get("k") is None
    cache.put("k", "openai/gpt-4o-mini", {"choices": [{"message": {"content": "hi"}}]})
    assert cache.get("k")["choices"][0]["message"]["content"] == "hi" and len(cache) == 1


def test_settings_pick_the_redis_stores(api_settings, redis_url, resources):
    cfg = api_settings.with_overrides(redis_url=redis_url)
    assert isinstance(rate_limiter(cfg, 5), RedisRateLimiter)
    assert isinstance(ClaimsAssistant(cfg, "v2", "offline", resources).memory, RedisConversationStore)
    assert redis_client(cfg) is redis_client(cfg), "one pool per URL"


def test_two_api_workers_sharing_redis_behave_as_one(api_settings, redis_url, client, resources, store, users):
    cfg = api_settings.with_overrides(redis_url=redis_url)
    token = ApiTokens(cfg.app_db).issue(store, users[0][0]).token
    workers = [TestClient(create_app(cfg, ClaimsAssistant(cfg, "v2", "offline", resources), io.StringIO()))
               for _ in range(2)]
    with workers[0] as one, workers[1] as two:
        first = one.post("/v1/ask", json={"question": "How much dental balance do I have left?"},
                         headers=bearer(token)).json()
        again = two.post("/v1/ask", json={"question": "And my claims?", "conversation_id": first["conversation_id"]},
                         headers=bearer(token))
        assert again.status_code == 200
        turns = two.get(f"/v1/conversations/{first['conversation_id']}", headers=bearer(token)).json()["turns"]
        assert [t["trace_id"] for t in turns][0] == first["trace_id"], "worker two sees worker one's turn"
        remembered = client.lrange(f"workbench:memory:{users[0][1]}:conv:{first['conversation_id']}", 0, -1)
        assert len(remembered) == 2, "both workers wrote the agent's memory to Redis"
        for i in range(7):  # 3 requests so far; 10 in all before the limit
            assert (one if i % 2 else two).get("/v1/conversations/none", headers=bearer(token)).status_code == 404
        refused = one.get("/v1/conversations/none", headers=bearer(token))
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert two.get("/v1/conversations/none", headers=bearer(token)).status_code == 429
