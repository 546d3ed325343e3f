"""Company-wide analytics used by the explore-claims notebook."""

from __future__ import annotations

from workbench.claims import analytics


def test_spend_by_category_month_is_a_month_by_category_table(store):
    spend = analytics.spend_by_category_month(store)
    assert len(spend) > 6 and len(spend.columns) > 3
    assert (spend >= 0).all().all() and spend.to_numpy().sum() > 0


def test_rejection_reasons_share_of_decided_claims(store):
    reasons = analytics.rejection_reasons(store)
    assert list(reasons.columns) == ["reason", "claims", "share_of_decided"]
    assert reasons["claims"].is_monotonic_decreasing
    assert 0 < reasons["share_of_decided"].sum() < 1


def test_balance_utilisation_never_exceeds_the_limit(store):
    years = analytics.status_mix(store)["benefit_year"].unique()
    util = analytics.balance_utilisation(store, int(years.min()))
    assert len(util) > 0
    assert not util.duplicated(["employee_id", "category_code"]).any()
    assert (util["utilisation"] >= 0).all() and util["utilisation"].max() <= 1.0 + 1e-9
    assert (util["used"] <= util["annual_limit"] + 1e-6).all()
