"""Start-up time of the learned intent fallback: first fit (cold cache) vs cached weights.

Run: ``python benchmarks/learned_router_startup.py``
"""

import tempfile
import time
from pathlib import Path

from workbench.agent.learned_router import LearnedSwitch
from workbench.config import Settings
from workbench.knowledge.embeddings import embed
from workbench.prompts import load_prompt


def main() -> None:
    """Time ``LearnedSwitch.for_prompt`` for v2 with an empty cache, then with the project's cache."""
    s = Settings()
    p = load_prompt(s.prompts_dir, s.prompt_name, "v2")
    embed(["warm up the encoder"])  # the encoder loads once per process either way
    with tempfile.TemporaryDirectory() as d:
        start = time.perf_counter()
        LearnedSwitch.for_prompt(p, Path(d))
        cold = time.perf_counter() - start
    LearnedSwitch._cache.clear()
    start = time.perf_counter()
    LearnedSwitch.for_prompt(p, s.cache_dir)
    warm = time.perf_counter() - start
    print(f"learned switch start-up: cold (fit + cache write) {cold:.2f} s, warm (cached weights) {warm:.3f} s")


if __name__ == "__main__":
    main()
