"""Comparison reports: a markdown summary for a pull request and a self-contained HTML page."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from workbench.evaluation.analysis import plots
from workbench.evaluation.analysis.compare import Comparison

_ICON = {"better": "🟢 better", "worse": "🔴 worse", "no detectable difference": "⚪ no detectable difference"}


def comparison_markdown(c: Comparison, max_flips: int = 10) -> str:
    """A pull-request comment: the decision table, the power line and the top flipped cases."""
    t = c.table()
    lines = [f"## A/B: {c.b.label} vs {c.a.label}", "",
             f"{c.n} paired cases · dataset `{c.a.dataset_hash}` · A = run `{c.a.run_id[:8]}`, "
             f"B = run `{c.b.run_id[:8]}`", "",
             "| metric | A | B | B − A | 95% CI | p (Holm) | verdict | n | clusters | n_eff | deff "
             "| deff template / user | errors A/B |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for _, r in t.iterrows():
        p = r["p (Holm)"] if r["p (Holm)"] == r["p (Holm)"] and r["p (Holm)"] is not None else r["p"]
        lines.append(f"| {r['metric']} | {r['A']:.3f} | {r['B']:.3f} | {r['B − A']:+.3f} | {r['95% CI']} "
                     f"| {p:.3g} | {_ICON[r['verdict']]} | {r['n']} | {r['clusters']} | {r['n_eff']:.0f} "
                     f"| {r['deff']:.2f} | {_deff(r['deff template'])} / {_deff(r['deff user'])} "
                     f"| {r['errors A/B']} |")
    lines += ["", f"**{c.errors_line()}**", "", f"_{c.power}_", "",
              "Quality metrics are corrected for multiple comparisons with Holm's method; a verdict "
              "needs the 95% paired-bootstrap CI to exclude 0 and the (adjusted) p < 0.05. Cases that "
              "share a template family or a user are clustered two ways: the bootstrap draws templates "
              "and users independently (pigeonhole bootstrap), p is a Wald test on the two-way "
              "cluster-robust variance, deff is that variance over the naive one (deff template / user: "
              "each factor alone), and n_eff = n / deff is the number of independent cases the "
              "comparison is worth.", ""]
    regress = c.flipped[c.flipped["change"] == "regression"]
    fixes = c.flipped[c.flipped["change"] == "fix"]
    lines.append(f"**Flipped cases:** {len(regress)} regressions, {len(fixes)} fixes.")
    for _, r in c.flipped.head(max_flips).iterrows():
        lines.append(f"- {r['change']}: `{r['case_id']}` {r['question']!s:.90}")
    return "\n".join(lines) + "\n"


def comparison_html(c: Comparison, board: pd.DataFrame | None = None) -> str:
    """A self-contained HTML page (inline CSS and PNG plots) with every table of the comparison."""
    parts = [f"<h1>A/B: {html.escape(c.b.label)} vs {html.escape(c.a.label)}</h1>",
             f"<p>{c.n} paired cases · dataset <code>{c.a.dataset_hash}</code> · "
             f"A run <code>{c.a.run_id}</code> · B run <code>{c.b.run_id}</code></p>",
             f"<p><strong>{html.escape(c.errors_line())}</strong></p>",
             "<h2>Decision table</h2>", _table(c.table()), f"<p><em>{html.escape(c.power)}</em></p>",
             "<h2>By intent and difficulty</h2>", _table(c.slices.reset_index(names="slice"))]
    if board is not None and len(board) > 1:
        parts += ["<h2>Variants</h2>", _table(board),
                  _img(plots.pareto(board)), _img(plots.pareto(board, "latency_p95_s", "p95 latency (s)"))]
    parts += ["<h2>Flipped cases (regressions first)</h2>", _table(c.flipped)]
    style = ("body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px}"
             "table{border-collapse:collapse;font-size:13px;margin:1rem 0}"
             "td,th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;white-space:pre-wrap}"
             "th{background:#f3f4f6}img{max-width:48%;margin-right:1%}")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>A/B report</title>"
            f"<style>{style}</style></head><body>{''.join(parts)}</body></html>")


def write_reports(c: Comparison, folder: Path, board: pd.DataFrame | None = None) -> tuple[Path, Path]:
    """Write ``comparison.html`` and ``comparison.md`` into ``folder``; returns both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    html_path, md_path = folder / "comparison.html", folder / "comparison.md"
    html_path.write_text(comparison_html(c, board), encoding="utf-8")
    md_path.write_text(comparison_markdown(c), encoding="utf-8")
    return html_path, md_path


def _deff(value: float | None) -> str:
    """A per-factor design effect, or a dash where it is not estimable (one cluster)."""
    return "—" if value is None or value != value else f"{value:.2f}"


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, float_format=lambda x: f"{x:.4g}", na_rep="—", escape=True)


def _img(fig) -> str:
    return f"<img alt='plot' src='data:image/png;base64,{plots.to_png_base64(fig)}'>"
