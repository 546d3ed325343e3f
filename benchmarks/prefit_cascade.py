"""Intents the offline baseline gave dev batches *before* it was fit on them (the pre-fit cascade).

The learned router's switch (``scripts/rebuild_routing.py v2 --learned-router``) is chosen by
leave-one-batch-out on dev. Today's cascade was fit on every dev batch, so against it a learned
router can only lose; for the three batches whose pre-fit code is known (the commits below, as in
``benchmarks/router_probe.py`` on branch h-router) this script runs that code (``git archive``
into ``data/cache/router_switch/src-<commit>``, in a subprocess against this checkout's
``data/``) over the batch's dev cases and writes case id -> intent to
``data/cache/router_switch/prefit.json`` (dev case ids only; the test split is never read)::

    nice -n 10 python benchmarks/prefit_cascade.py      # a few minutes on 2 cores
    python scripts/rebuild_routing.py v2 --learned-router --prefit data/cache/router_switch/prefit.json
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "data" / "cache" / "router_switch"
# batches -> the commit before the baseline was fit on them
PREFIT = {("ea", "voice6"): "a3ed6a9", ("eb", "voice7"): "17cbb8e", ("ec", "voice8"): "d8fe605"}


def _worker() -> None:
    """Subprocess: run the baseline found on PYTHONPATH over the cases read from stdin."""
    from workbench.agent import ClaimsAssistant
    from workbench.agent.memory import Turn
    from workbench.config import Settings

    cases = json.load(sys.stdin)
    assistant = ClaimsAssistant(Settings(), "v2", "offline")
    out = {}
    for c in cases:
        assert c["split"] == "dev"
        history = [Turn(t["question"], t["answer"], 0.0, {"intent": t.get("intent")})
                   for t in c.get("history") or []]
        try:
            session = assistant.session(c["user"], remember=False)
            out[c["id"]] = session.ask(c["question"], history=history).intent
        except Exception as e:  # noqa: BLE001 - an error is a wrong route, recorded as such
            out[c["id"]] = f"error:{type(e).__name__}"
    json.dump(out, sys.stdout)


def main() -> None:
    """Run each pre-fit cascade over its batches' dev cases and write the intents."""
    sys.path.insert(0, str(ROOT))
    from workbench.evaluation.datasets.cases import load_cases
    from workbench.evaluation.router_switch import batch_of

    cases = [c for c in load_cases(ROOT / "eval" / "datasets" / "full.jsonl") if c.split == "dev"]
    out_path = CACHE / "prefit.json"
    have = json.loads(out_path.read_text()) if out_path.is_file() else {}
    for batches, commit in PREFIT.items():
        todo = [c.model_dump(mode="json") for c in cases if batch_of(c) in batches and c.id not in have]
        if not todo:
            continue
        code = CACHE / f"src-{commit}"
        if not code.exists():
            blob = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "workbench", "prompts"],
                                  check=True, capture_output=True).stdout
            tarfile.open(fileobj=io.BytesIO(blob)).extractall(code, filter="data")
        env = dict(os.environ, PYTHONPATH=str(code), WORKBENCH_DATA_DIR=str(ROOT / "data"),
                   WORKBENCH_KNOWLEDGE_DIR=str(ROOT / "knowledge_base"),
                   WORKBENCH_PROMPTS_DIR=str(code / "prompts"))
        print(f"pre-fit cascade {commit} on {len(todo)} dev cases of {'+'.join(batches)} ...", file=sys.stderr)
        res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker"], input=json.dumps(todo),
                             capture_output=True, text=True, env=env, cwd=str(code))
        if res.returncode:
            sys.stderr.write(res.stderr[-3000:])
            raise SystemExit(f"pre-fit cascade {commit} failed")
        have.update(json.loads(res.stdout))
        tmp = out_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(have))
        tmp.replace(out_path)
    errors = sum(str(v).startswith("error:") for v in have.values())
    print(f"{out_path}: {len(have)} dev cases ({errors} errors)")


if __name__ == "__main__":
    if "--worker" in sys.argv:
        _worker()
    else:
        main()
