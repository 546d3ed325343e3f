"""Conversation memory persists across restarts, expires, and is scoped to one user."""

from workbench.agent.memory import ConversationStore


def test_history_survives_a_restart_and_keeps_last_n(tmp_path):
    path = tmp_path / "app.sqlite"
    store = ConversationStore(path, ttl_hours=1, max_turns=3)
    alice = store.for_user("E1001")
    for i in range(5):
        alice.append("c1", f"q{i}", f"a{i}", {"intent": "balance"}, now=1000.0 + i)
    store.close()

    reopened = ConversationStore(path, ttl_hours=1, max_turns=3).for_user("E1001")
    turns = reopened.history("c1", now=1010.0)
    assert [t.question for t in turns] == ["q2", "q3", "q4"]
    assert turns[-1].meta == {"intent": "balance"}


def test_expired_turns_are_ignored_and_purged(tmp_path):
    store = ConversationStore(tmp_path / "app.sqlite", ttl_hours=1, max_turns=10)
    user = store.for_user("E1001")
    user.append("c1", "old", "x", now=0.0)
    user.append("c1", "new", "y", now=7000.0)
    assert [t.question for t in user.history("c1", now=7200.0)] == ["new"]
    assert store.purge_expired(now=7200.0) == 1


def test_one_user_never_sees_another_users_history(tmp_path):
    store = ConversationStore(tmp_path / "app.sqlite")
    store.for_user("E1001").append("shared-id", "my dental balance?", "MYR 420.00")
    other = store.for_user("E1002")
    assert other.history("shared-id") == []
    assert other.conversations() == []
    other.clear("shared-id")  # cannot delete someone else's turns either
    assert len(store.for_user("E1001").history("shared-id")) == 1
