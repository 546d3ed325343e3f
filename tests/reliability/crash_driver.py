"""A child process for the crash-safety tests (killed with SIGKILL at random points).

Usage: ``python crash_driver.py eval RUN_DIR CASES.jsonl`` | ``ingest`` | ``stores APP_DB``.
Settings come from the ``WORKBENCH_*`` environment the test sets. Prints ``ready`` once the
heavy imports are done, then progress lines, then ``done``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(mode: str, *args: str) -> None:
    from workbench.config import Settings

    settings = Settings()
    if mode == "eval":
        from workbench.agent import ClaimsAssistant
        from workbench.evaluation.datasets.cases import Dataset, load_cases
        from workbench.evaluation.running.runner import run_cases
        from workbench.evaluation.scoring.scorers import ScoringContext
        from workbench.knowledge import chunk_directory

        assistant = ClaimsAssistant(settings, "v2", "offline")
        assistant.session(assistant.resources.store.users(1).email[0], remember=False).ask("warm up")
        dataset = Dataset(name="crash", cases=load_cases(Path(args[1])))
        ctx = ScoringContext(assistant.resources.store, chunk_directory(settings.knowledge_dir))
        print("ready", flush=True)
        run_cases(assistant, dataset, Path(args[0]), ctx, concurrency=2)
    elif mode == "ingest":
        from workbench.knowledge import KnowledgeIndex
        from workbench.knowledge.embeddings import embed

        embed(["warm up"])
        print("ready", flush=True)
        KnowledgeIndex(settings).ingest(progress=lambda done, total: print(f"embedded {done}/{total}", flush=True))
    elif mode == "stores":
        from workbench.agent.memory import ConversationStore
        from workbench.ui.feedback_store import Feedback, FeedbackStore

        memory = ConversationStore(Path(args[0])).for_user("E1001")
        feedback = FeedbackStore(Path(args[0]))
        print("ready", flush=True)
        for i in range(100_000):  # bounded: the test kills it long before
            memory.append("conv-crash", f"question {i}", f"answer {i}")
            feedback.record(Feedback(trace_id=f"t{i}", employee_id="E1001", user_email="e1001@example.test",
                                     rating="up", question=f"question {i}", answer=f"answer {i}",
                                     prompt="claims_assistant@v2", model="offline"))
            print(f"ok {i}", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
