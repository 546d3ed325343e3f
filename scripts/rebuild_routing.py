"""Rebuild a prompt version's offline-baseline routing examples (and learned router) from dev.

    python scripts/rebuild_routing.py v2 [--per-intent 10]
    python scripts/rebuild_routing.py v2 --learned-router   # the learned fallback only

Reads every case of every suite file in eval/datasets (only ``split: dev`` cases are used),
picks examples with ``workbench.evaluation.routing_examples.select_routing`` and rewrites only
the ``baseline.routing`` block of prompts/claims_assistant/<version>.yaml. Deterministic: run
it again on the same dev split and nothing changes. Then run `workbench eval contamination`.

``--learned-router`` instead (re)writes ``baseline.learned_router``: the deduplicated dev
questions with their intents (``select_router_training``) minus any the contamination check
flags against the test split (only the dropped count is printed, never a test question), and
the switch chosen by leave-one-batch-out on dev (``workbench.evaluation.router_switch``)
against the current cascade (run once over the dev cases, cached under data/cache/). The
figures go to benchmarks/results/learned_router.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from workbench.config import Settings
from workbench.evaluation.datasets.cases import load_cases
from workbench.evaluation.routing_examples import select_routing, write_routing
from workbench.prompts import load_prompt_file, prompt_path


def main() -> None:
    """Select routing examples from the dev cases and write them into the prompt file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version")
    parser.add_argument("--per-intent", type=int, default=10)
    parser.add_argument("--learned-router", action="store_true",
                        help="rebuild baseline.learned_router (training set and switch) instead")
    parser.add_argument("--C", type=float, default=10.0, help="regularisation of the learned router")
    parser.add_argument("--prefit", type=Path, default=None,
                        help="JSON case id -> pre-fit cascade intent (benchmarks/prefit_cascade.py)")
    args = parser.parse_args()
    s = Settings()
    cases, seen = [], set()
    for path in sorted(s.datasets_dir.rglob("*.jsonl")):
        try:
            loaded = load_cases(path)
        except Exception as exc:  # noqa: BLE001 - a non-suite JSONL file (e.g. a lock) is skipped
            print(f"skipped {path.name}: {str(exc).splitlines()[0][:120]}")
            continue
        for case in loaded:
            if case.split == "dev" and case.id not in seen:
                seen.add(case.id)
                cases.append(case)
    if args.learned_router:
        from workbench.evaluation.learned_router_build import build

        prefit = json.loads(args.prefit.read_text()) if args.prefit else None
        build(s, args.version, cases, args.C, prefit)
        return
    routing = select_routing(cases, args.per_intent)
    dev_hash = hashlib.sha256("\n".join(sorted(seen)).encode()).hexdigest()[:12]
    path = prompt_path(s.prompts_dir, s.prompt_name, args.version)
    write_routing(path, routing, f"by scripts/rebuild_routing.py from {len(cases)} dev cases "
                                 f"(ids sha256 {dev_hash}), {args.per_intent} per intent at most.")
    load_prompt_file(path)  # still a valid prompt version
    print(f"{path}: {sum(map(len, routing.values()))} routing examples from {len(cases)} dev cases")


if __name__ == "__main__":
    main()
