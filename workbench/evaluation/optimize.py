"""Compile a new prompt version from the dev split, then prove it on the test split.

``optimize(settings, parent="v2", target="v3", optimizer=..., model=...)``:

1. checks its inputs (known parent, new target, a budget above 0, dev cases to learn from);
2. learns from dev cases only:
   - ``bootstrap`` / ``mipro`` (an LLM model): DSPy ``BootstrapFewShot`` or ``MIPROv2`` on the
     claims program, with the workbench metric (``dspy_bridge.make_metric``) and a budget of
     HTTP calls and dollars that every LM request is charged against. When the budget runs out
     further requests fail at once, so the optimizer finishes with what it learned so far;
   - ``routing`` (``--model offline``): ``routing_selection.select_routing`` picks the
     baseline's routing examples and ``min_similarity`` (only those fields of the new file
     change);
3. measures the dev metric before and after, runs the contamination check on the new version
   (when ``workbench.evaluation.contamination`` exists), and writes ``prompts/<name>/<target>.yaml``
   with its provenance (never overwriting);
4. runs parent and new version on the **test** split, compares them (paired statistics) and
   checks the gate; the optimization, evaluation and comparison MLflow runs are linked by tags.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workbench.agent import Resources
from workbench.agent.usage import Usage, meter
from workbench.config import OFFLINE_MODEL, PROJECT_ROOT, Settings
from workbench.errors import DataError, WorkbenchError
from workbench.evaluation.datasets.cases import Dataset, EvalCase
from workbench.prompts import Demo, DemoTurn, PromptVersion, Provenance, load_prompt, prompt_path, write_prompt

OPTIMIZERS = ("bootstrap", "mipro", "routing")
#: Printed when the contamination module is not installed in this checkout.
NO_CONTAMINATION_CHECK = "contamination check skipped: workbench.evaluation.contamination is not available"


class BudgetExceeded(WorkbenchError):
    """The optimization's LLM budget is spent."""


@dataclass
class Budget:
    """HTTP calls and dollars an optimization may spend (cache hits are free)."""

    max_calls: int
    max_cost_usd: float | None = None
    spent: Usage = field(default_factory=lambda: Usage(cost_usd=0.0))
    exhausted: bool = False

    def check(self) -> None:
        """Raise ``BudgetExceeded`` when nothing more may be spent."""
        over_cost = (self.max_cost_usd is not None and self.spent.cost_usd is not None
                     and self.spent.cost_usd >= self.max_cost_usd)
        if self.exhausted or self.spent.calls >= self.max_calls or over_cost:
            self.exhausted = True
            raise BudgetExceeded(f"optimization budget spent ({self.spent.calls} calls, "
                                 f"${self.spent.cost_usd or 0:.4f})")

    def charge(self, usage: Usage) -> None:
        """Add one request's usage."""
        self.spent = self.spent + usage


def budgeted_lm(inner, budget: Budget):
    """A DSPy LM that charges every request to ``budget`` and refuses once it is spent."""
    import dspy

    class BudgetedLM(dspy.BaseLM):
        def __init__(self):
            super().__init__(model=inner.model, model_type=getattr(inner, "model_type", "chat"), cache=False)
            self.kwargs = dict(inner.kwargs)

        def forward(self, prompt=None, messages=None, **kwargs):
            budget.check()
            with meter() as used:
                out = inner.forward(prompt=prompt, messages=messages, **kwargs)
            budget.charge(used)
            return out

        def copy(self, **kwargs):  # DSPy copies LMs to change options; the budget stays shared
            return budgeted_lm(inner.copy(**kwargs), budget)

    return BudgetedLM()


@dataclass
class OptimizeResult:
    """What ``optimize`` produced."""

    prompt: PromptVersion
    path: str
    trainset_ids: list[str]
    valset_ids: list[str]
    notes: list[str]
    ab: dict[str, Any] | None = None


def check_request(settings: Settings, parent: str, target: str, optimizer: str, model: str,
                  max_calls: int, max_cost_usd: float | None, cases: list[EvalCase]) -> PromptVersion:
    """Validate the inputs before any work; returns the parent version.

    Raises:
        DataError: Unknown parent or optimizer, existing target, a budget of 0, no dev cases,
            or an optimizer that does not fit the model.
    """
    if optimizer not in OPTIMIZERS:
        raise DataError(f"Unknown optimizer {optimizer!r}; use one of {', '.join(OPTIMIZERS)}.")
    if (model == OFFLINE_MODEL) != (optimizer == "routing"):
        raise DataError(f"Optimizer {optimizer!r} does not fit model {model!r}: use --optimizer routing "
                        "with --model offline, and bootstrap or mipro with an LLM model.")
    prompt = load_prompt(settings.prompts_dir, settings.prompt_name, parent)
    path = prompt_path(settings.prompts_dir, prompt.name, target)
    if path.exists():
        raise DataError(f"{path} already exists; choose a new --to version (versions are never overwritten).")
    if optimizer != "routing" and (max_calls <= 0 or (max_cost_usd is not None and max_cost_usd <= 0)):
        raise DataError(f"The budget must be above 0 (got --max-calls {max_calls}, --max-cost "
                        f"{max_cost_usd}); give the LLM calls and dollars the optimizer may spend.")
    if not [c for c in cases if c.split == "dev"]:
        raise DataError("The suite has no dev cases to learn from; add cases with split: dev.")
    return prompt


def split_dev(cases: list[EvalCase], max_train: int, max_val: int, seed: int) -> tuple[list[EvalCase], list[EvalCase]]:
    """Disjoint train and validation samples of the dev cases (seeded)."""
    dev = [c for c in cases if c.split == "dev"]
    random.Random(seed).shuffle(dev)
    train = dev[:max_train]
    val = dev[max_train:max_train + max_val] or train  # tiny dev sets: score on the train cases
    return train, val


def optimize(settings: Settings, parent: str, target: str, optimizer: str, model: str,
             suite: str = "full", max_calls: int = 300, max_cost_usd: float | None = 1.0,
             max_demos: int = 4, max_train: int | None = None, max_val: int | None = None, seed: int = 0,
             resources: Resources | None = None, prove: bool = True,
             say: Callable[[str], None] = print) -> OptimizeResult:
    """Compile ``target`` from ``parent`` on the suite's dev split, write it, and A/B it on test.

    Args:
        settings: Paths, tracking, model settings.
        parent: The version to start from (e.g. ``v2``).
        target: The version to write (e.g. ``v3``); must not exist.
        optimizer: ``bootstrap`` or ``mipro`` (LLM models) or ``routing`` (``offline``).
        model: The model the program runs on while learning (and in the A/B).
        suite: The eval suite whose dev cases are learned from and whose test cases prove it.
        max_calls: HTTP calls to the LLM at most (cache hits are free).
        max_cost_usd: Dollars at most (``None``: calls only).
        max_demos: Demos bootstrapped at most.
        max_train: Dev cases to learn from at most (default: 40 for LLM optimizers, all for
            ``routing``).
        max_val: Other dev cases the dev score is measured on at most (default: 40 for LLM
            optimizers; for ``routing`` the dev cases not trained on, or the trained-on ones
            when none are left).
        seed: Seed of the train/validation sample.
        resources: Shared store and index (opened if not given).
        prove: Run the A/B on the test split and the gate after writing.
        say: Where progress lines go.

    Raises:
        DataError: Bad input (see ``check_request``) or a contaminated new version.
    """
    from workbench.evaluation.experiment import load_suite

    cases = load_suite(settings, suite).cases
    parent_prompt = check_request(settings, parent, target, optimizer, model, max_calls, max_cost_usd, cases)
    resources = resources or Resources.open(settings)
    dev = [c for c in cases if c.split == "dev"]
    dev_hash = Dataset(name=f"{suite}:dev", cases=dev).hash
    if optimizer == "routing":
        train, val = split_dev(cases, max_train or len(dev), max_val or len(dev), seed)
        new, notes = _optimize_routing(settings, parent_prompt, target, train, val, dev_hash, resources, say,
                                       cases)
    else:
        new, train, val, notes = _optimize_llm(settings, parent_prompt, target, optimizer, model, cases,
                                               dev_hash, resources, max_calls, max_cost_usd, max_demos,
                                               max_train or 40, max_val or 40, seed, say)
    notes.append(_contamination(new, cases))
    path = write_prompt(settings.prompts_dir, new)
    say(f"wrote {path}")
    result = OptimizeResult(new, str(path), [c.id for c in train], [c.id for c in val], notes)
    run_id = _track(settings, new, result)
    if prove:
        result.ab = prove_on_test(settings, suite, parent, target, model, resources, run_id, say)
    return result


def _optimize_llm(settings, parent_prompt, target, optimizer, model, cases, dev_hash, resources,
                  max_calls, max_cost_usd, max_demos, max_train, max_val, seed, say):
    import dspy

    from workbench.agent.backends import resolve_lm
    from workbench.agent.program import ClaimsProgram
    from workbench.evaluation.dspy_bridge import METRIC_NAME, CaseProgram, make_metric, to_examples
    from workbench.evaluation.scoring.scorers import ScoringContext

    train, val = split_dev(cases, max_train, max_val, seed)
    assert all(c.split == "dev" for c in train + val)  # the sealed test split is never read here
    budget = Budget(max_calls, max_cost_usd)
    lm = budgeted_lm(resolve_lm(model, settings), budget)
    metric = make_metric(ScoringContext(resources.store))
    trainset, valset = to_examples(train), to_examples(val)
    student = CaseProgram(ClaimsProgram(parent_prompt), resources, k=settings.retrieval_k)
    evaluate = dspy.Evaluate(devset=valset, metric=metric, num_threads=1, display_progress=False,
                             max_errors=len(valset) + 1, provide_traceback=False)
    optimizer_settings: dict[str, Any] = {"max_demos": max_demos, "train_cases": len(train),
                                          "val_cases": len(val), "seed": seed,
                                          "max_calls": max_calls, "max_cost_usd": max_cost_usd}
    with dspy.context(lm=lm):
        say(f"dev score of {parent_prompt.version} on {len(valset)} validation cases …")
        before = _score(evaluate, student)
        say(f"{optimizer}: learning from {len(trainset)} dev cases …")
        if optimizer == "bootstrap":
            teleprompter = dspy.BootstrapFewShot(metric=metric, metric_threshold=1.0,
                                                 max_bootstrapped_demos=max_demos, max_labeled_demos=0,
                                                 max_rounds=1, max_errors=len(trainset) + 1)
            compiled = _compile(teleprompter, student, trainset, budget, say)
        else:
            teleprompter = dspy.MIPROv2(metric=metric, auto=None, num_candidates=3, num_threads=1,
                                        max_bootstrapped_demos=max_demos, max_labeled_demos=0,
                                        max_errors=len(trainset) + 1, seed=seed, verbose=False,
                                        metric_threshold=1.0, track_stats=False)
            optimizer_settings |= {"num_candidates": 3, "num_trials": 4}
            compiled = _compile(teleprompter, student, trainset, budget, say, valset=valset,
                                num_trials=4, minibatch=False)
        after = _score(evaluate, compiled) if not budget.exhausted else before
    demos = _demos_from(compiled, train)
    new_system = _instructions_from(compiled, parent_prompt)
    notes = [f"{len(demos)} demo(s) learned from dev cases"]
    if budget.exhausted:
        notes.append("budget spent before the optimizer finished: kept what it learned so far "
                     "(dev score after not measured; shown as before)")
    llm = parent_prompt.llm.model_copy(update={"demos": demos, "system": new_system})
    provenance = Provenance(
        parent=parent_prompt.version, optimizer=optimizer, settings=optimizer_settings, model=model,
        dev_split_hash=dev_hash, dev_cases=len(train) + len(val), metric=METRIC_NAME,
        dev_score_before=round(before, 4), dev_score_after=round(after, 4),
        llm_calls=budget.spent.calls, budget_exhausted=budget.exhausted,
        cost_usd=None if budget.spent.cost_usd is None else round(budget.spent.cost_usd, 6),
        date=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    new = parent_prompt.model_copy(update={
        "version": target, "llm": llm, "provenance": provenance,
        "description": f"{optimizer} on {len(train)} dev cases from {parent_prompt.version}: "
                       f"dev score {before:.2f} -> {after:.2f}"})
    say(f"dev score {before:.3f} -> {after:.3f}; {budget.spent.calls} LLM call(s), "
        f"${budget.spent.cost_usd or 0:.4f}")
    return new, train, val, notes


def _score(evaluate, program) -> float:
    result = evaluate(program)
    score = getattr(result, "score", result)
    return float(score) / 100.0  # dspy.Evaluate reports a percentage


def _compile(teleprompter, student, trainset, budget: Budget, say, **kwargs):
    """Run the optimizer; a spent budget ends it with what it learned, never with a crash."""
    try:
        return teleprompter.compile(student, trainset=trainset, **kwargs)
    except BudgetExceeded:
        say("budget spent: stopping the optimizer")
    except Exception as exc:  # noqa: BLE001 - DSPy wraps errors raised inside its threads
        if not budget.exhausted:
            raise
        say(f"budget spent: stopping the optimizer ({type(exc).__name__})")
    learned = getattr(teleprompter, "student", None) or getattr(teleprompter, "name2traces", None)
    if hasattr(learned, "named_predictors"):
        return learned
    return _with_traces(student, getattr(teleprompter, "name2traces", {}))


def _with_traces(student, name2traces: dict):
    """The student with the demos bootstrapped before the budget ran out."""
    program = student.deepcopy()
    for name, predictor in program.named_predictors():
        predictor.demos = list(name2traces.get(name, []))
    return program


def _demos_from(compiled, train: list[EvalCase]) -> list[Demo]:
    """The answer step's demos of a compiled program as prompt-file demos, with their dev case."""
    by_question = {(c.question, _history(c)): c for c in train}
    extract = compiled.program.agent.extract.predict
    demos = []
    for d in extract.demos:
        case = by_question.get((d.get("question"), d.get("history", "")))
        if case is None:  # not a training case: a demo must come from the dev cases trained on
            continue
        cited = d.get("cited") or []
        demos.append(Demo(question=case.question, answer=str(d.get("answer", "")) or "-",
                          history=[DemoTurn(question=t.question, answer=t.answer) for t in case.history],
                          intent=d.get("intent") or case.intent, refused=bool(d.get("refused")),
                          cited=[str(c) for c in cited] if isinstance(cited, list) else [],
                          trajectory=str(d.get("trajectory", "")), source_case=case.id))
    return demos


def _history(case: EvalCase) -> str:
    from workbench.evaluation.dspy_bridge import history_text

    return history_text(case)


def _instructions_from(compiled, parent: PromptVersion) -> str:
    """The answer step's instructions after optimization (MIPROv2 may rewrite them)."""
    text = compiled.program.agent.extract.predict.signature.instructions
    return parent.llm.system if text.strip() == parent.instructions().strip() else text


def _optimize_routing(settings, parent_prompt, target, train, val, dev_hash, resources, say, cases):
    from workbench.evaluation.routing_selection import select_routing

    near = _near_copies_of_sealed([c.question for c in train], cases)
    if near:  # a dev question that reads like a test question may not become a routing example
        train = [c for c in train if c.question not in near]
    say(f"routing: choosing examples and threshold from {len(train)} dev cases "
        f"({len(near)} left out as near-copies of test questions) …")
    choice = select_routing(parent_prompt.baseline.routing, parent_prompt.baseline.min_similarity, train)
    baseline = parent_prompt.baseline.model_copy(update={"routing": choice.routing,
                                                         "min_similarity": choice.min_similarity})
    candidate = parent_prompt.model_copy(update={"version": target, "baseline": baseline})
    say(f"dev routing accuracy (leave-one-out) {choice.accuracy_before:.3f} -> {choice.accuracy_after:.3f}; "
        f"measuring the dev metric on {len(val)} dev cases …")
    before = dev_metric(settings, parent_prompt, val, resources)
    after = dev_metric(settings, candidate, val, resources)
    from workbench.evaluation.dspy_bridge import METRIC_NAME

    provenance = Provenance(
        parent=parent_prompt.version, optimizer="routing",
        settings={"added_examples": choice.added, "min_similarity": choice.min_similarity,
                  "routing_accuracy_before": round(choice.accuracy_before, 4),
                  "routing_accuracy_after": round(choice.accuracy_after, 4)},
        model=OFFLINE_MODEL, dev_split_hash=dev_hash, dev_cases=len({c.id for c in train + val}),
        metric=METRIC_NAME,
        dev_score_before=round(before, 4), dev_score_after=round(after, 4), llm_calls=0, cost_usd=0.0,
        date=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    new = candidate.model_copy(update={
        "provenance": provenance,
        "description": f"routing examples and threshold chosen on {len(train)} dev cases from "
                       f"{parent_prompt.version}: dev score {before:.2f} -> {after:.2f}"})
    say(f"dev score {before:.3f} -> {after:.3f} (offline, no LLM calls)")
    return new, [f"{choice.added} routing example(s) added from dev cases"]


def dev_metric(settings: Settings, prompt: PromptVersion, cases: list[EvalCase], resources: Resources) -> float:
    """Mean ``case_score`` of the offline baseline of ``prompt`` over ``cases``."""
    from workbench.agent import ClaimsAssistant
    from workbench.agent.memory import Turn
    from workbench.evaluation.dspy_bridge import case_score
    from workbench.evaluation.scoring.scorers import ScoringContext

    assistant = ClaimsAssistant(settings, prompt, OFFLINE_MODEL, resources)
    ctx = ScoringContext(resources.store)
    scores = []
    for case in cases:
        session = assistant.session(case.user, remember=False)
        history = [Turn(t.question, t.answer, 0.0, {"intent": t.intent}) for t in case.history]
        scores.append(case_score(case, session.ask(case.question, history=history), ctx))
    return sum(scores) / len(scores) if scores else 0.0


def _sealed(cases: list[EvalCase]) -> list:
    """The test questions the contamination check compares with (one also asked in dev is public)."""
    from workbench.evaluation import contamination

    public = {contamination.normalise(c.question) for c in cases if c.split == "dev"}
    return [contamination.TestQuestion(c.id, c.question) for c in cases
            if c.split == "test" and contamination.normalise(c.question) not in public]


def _near_copies_of_sealed(questions: list[str], cases: list[EvalCase]) -> set[str]:
    """Those of ``questions`` (dev questions) the contamination check flags against a test question.

    The optimizer leaves them out of what it may copy into a prompt, as the learned router's builder
    does; only the dev side of each flagged pair is returned, never test text.
    """
    try:
        from workbench.evaluation import contamination
    except ImportError:
        return set()
    sources = [contamination.Source(f"dev[{n}]", q) for n, q in enumerate(dict.fromkeys(questions))]
    report = contamination.check(sources, _sealed(cases))
    return {p.source.text for p in report.flagged}


def _contamination(prompt: PromptVersion, cases: list[EvalCase]) -> str:
    """Check ``prompt`` against the suite's test questions; raise ``DataError`` when it fails.

    As ``workbench eval contamination`` does, a test question that is also a dev question (the
    first turn of a test follow-up, say) is public through dev and not compared. The error names
    the flagged prompt strings and test case ids, never a test question's text.
    """
    try:
        from workbench.evaluation import contamination
    except ImportError:
        return NO_CONTAMINATION_CHECK
    report = contamination.check_prompt(prompt, _sealed(cases))
    if not report.passed:
        where = ", ".join(f"{p.source.where} ~ {p.test.case_id}" for p in report.flagged[:3])
        raise DataError(f"{prompt.label} failed the contamination check against the test split "
                        f"({len(report.flagged)} flagged pair(s): {where}); nothing written.")
    return "contamination check passed"


def _track(settings: Settings, prompt: PromptVersion, result: OptimizeResult) -> str:
    """Log the optimization as an MLflow run; returns its id."""
    import mlflow

    from workbench.evaluation import tracking

    tracking.connect(settings)
    p = prompt.provenance
    with mlflow.start_run(run_name=f"optimize · {p.parent} -> {prompt.version}") as run:
        mlflow.set_tags({"kind": "optimization", "parent_version": p.parent, "new_version": prompt.version})
        mlflow.log_params({"optimizer": p.optimizer, "model": p.model, "parent": p.parent,
                           "new_version": prompt.version, "prompt_hash": prompt.content_hash,
                           "dev_split_hash": p.dev_split_hash, "dev_cases": p.dev_cases, "metric": p.metric})
        metrics = {"dev_score_before": p.dev_score_before, "dev_score_after": p.dev_score_after,
                   "llm_calls": p.llm_calls}
        if p.cost_usd is not None:
            metrics["cost_usd"] = p.cost_usd
        mlflow.log_metrics(metrics)
        mlflow.log_text(prompt.to_yaml(), f"{prompt.version}.yaml")
    return run.info.run_id


def prove_on_test(settings: Settings, suite: str, parent: str, target: str, model: str,
                  resources: Resources, optimization_run: str | None = None,
                  say: Callable[[str], None] = print) -> dict[str, Any]:
    """Paired A/B of parent vs new on the suite's test split, and the gate on the new version."""
    from mlflow import MlflowClient

    from workbench.evaluation.experiment import compare_runs, evaluate, load_suite
    from workbench.evaluation.gate import check, load_gates

    if not [c for c in load_suite(settings, suite).cases if c.split == "test"]:
        say(f"no test cases in suite {suite!r}: A/B and gate skipped (not proven)")
        return {"verdict": "not proven: no test cases"}
    say(f"A/B on the test split of {suite}: {parent} vs {target} …")
    runs = {v: evaluate(settings, suite, v, model, resources=resources, split="test") for v in (parent, target)}
    report = compare_runs(settings, runs[parent].run_id, runs[target].run_id)
    try:
        checks = check(runs[target].summary, load_gates(PROJECT_ROOT / "eval" / "gates.yaml", suite))
    except DataError as exc:  # a suite without thresholds: the A/B stands, the gate cannot run
        say(f"gate skipped: {exc}")
        checks = []
    client = MlflowClient()
    for run_id in (runs[parent].run_id, runs[target].run_id, report.run_id):
        if optimization_run:
            client.set_tag(run_id, "mlflow.parentRunId", optimization_run)
            client.set_tag(run_id, "optimization_run", optimization_run)
    overall = next((r for r in report.comparison.results if r.metric.startswith("overall")), None)
    gate_ok = all(c.passed for c in checks) if checks else None
    verdict = report.comparison.verdicts.get(overall.metric, "n/a") if overall else "n/a"
    say(f"verdict: {target} vs {parent} on test: {verdict}"
        + (f" ({overall.diff:+.3f} [{overall.ci.low:+.3f}, {overall.ci.high:+.3f}])" if overall else "")
        + f"; gate {'not run' if gate_ok is None else 'passed' if gate_ok else 'FAILED'}; "
        f"report {report.html}")
    return {"verdict": verdict, "gate_passed": gate_ok, "comparison_run": report.run_id,
            "runs": {v: r.run_id for v, r in runs.items()}, "table": report.comparison.table()}
