"""Benchmark: start-up of `workbench --help` and of `workbench ask` (offline, first answer).

    python -m benchmarks.startup [--repeat 5] [--tiny]

Each command runs in a fresh process (that is what a user waits for), on the data `workbench
setup` built. Targets: --help < 0.5 s, ask < 3 s. Also prints the ten slowest imports of
`import workbench.cli` (python -X importtime).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from benchmarks._common import report, stats, timed

QUESTIONS = {"ask (balance)": "How much dental balance do I have left?",
             "ask (policy)": "Does the dental benefit cover teeth whitening?"}


def slowest_imports(module: str = "workbench.cli", top: int = 10) -> list[tuple[str, float]]:
    """(module, cumulative seconds) of the slowest imports under ``module``."""
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                         capture_output=True, text=True, check=True).stderr
    rows = []
    for line in err.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = (p.strip() for p in line.removeprefix("import time:").split("|"))
            if cumulative.isdigit():
                rows.append((name, int(cumulative) / 1e6))
    return sorted(rows, key=lambda r: -r[1])[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tiny", action="store_true", help="One run of each (CI).")
    args = parser.parse_args()
    repeat = 1 if args.tiny else args.repeat

    from workbench.claims import ClaimsStore
    from workbench.config import Settings

    with ClaimsStore(Settings().claims_db) as store:
        user = store.users(1).email[0]
    cli = [str(Path(sys.executable).with_name("workbench"))]  # the console script users run
    commands = {"workbench --help": [*cli, "--help"]}
    commands |= {name: [*cli, "ask", "--user", user, q] for name, q in QUESTIONS.items()}
    targets = {"workbench --help": 0.5, "ask (balance)": 3.0, "ask (policy)": 3.0}
    rows = []
    for name, command in commands.items():
        s = stats(timed(lambda c=command: subprocess.run(c, check=True, capture_output=True), repeat))
        rows.append({"command": name, "median_s": s["median"], "p95_s": s["p95"], "runs": s["n"],
                     "target_s": targets[name], "met": s["median"] < targets[name]})
    rows += [{"command": f"import {name}", "median_s": seconds} for name, seconds in slowest_imports()]
    report("startup", rows, {"repeat": repeat}, "Start-up (fresh process each run)")


if __name__ == "__main__":
    main()
