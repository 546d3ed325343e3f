"""Company-wide claims analytics for analysts (not for the assistant: these are not user-scoped)."""

from __future__ import annotations

import pandas as pd

from workbench.claims.store import ClaimsStore


def spend_by_category_month(store: ClaimsStore) -> pd.DataFrame:
    """Approved/paid amount per month (rows) and category (columns)."""
    frame = store.query("""
        SELECT strftime(service_date, '%Y-%m') AS month, category_code,
               CAST(SUM(amount_approved) AS DOUBLE) AS approved
        FROM claims WHERE status IN ('approved', 'paid') GROUP BY ALL ORDER BY 1""")
    return frame.pivot(index="month", columns="category_code", values="approved").fillna(0.0)


def rejection_reasons(store: ClaimsStore) -> pd.DataFrame:
    """Rejected claims per reason, with their share of all decided claims."""
    return store.query("""
        SELECT rejection_reason AS reason, COUNT(*) AS claims,
               ROUND(COUNT(*) / (SELECT COUNT(*) FROM claims
                                  WHERE status IN ('approved', 'paid', 'rejected')), 4) AS share_of_decided
        FROM claims WHERE status = 'rejected' GROUP BY 1 ORDER BY 2 DESC""")


def balance_utilisation(store: ClaimsStore, year: int) -> pd.DataFrame:
    """Per employee and category: limit, used and the share of the limit used in ``year``."""
    return store.query("""
        SELECT n.employee_id, n.category_code, CAST(n.annual_limit AS DOUBLE) AS annual_limit,
               CAST(COALESCE(SUM(c.amount_approved), 0) AS DOUBLE) AS used,
               CAST(COALESCE(SUM(c.amount_approved), 0) / n.annual_limit AS DOUBLE) AS utilisation
        FROM entitlements n LEFT JOIN claims c ON c.employee_id = n.employee_id
             AND c.category_code = n.category_code AND c.benefit_year = n.benefit_year
             AND c.status IN ('approved', 'paid')
        WHERE n.benefit_year = ?
        GROUP BY n.employee_id, n.category_code, n.annual_limit
        ORDER BY 1, 2""", [year])


def status_mix(store: ClaimsStore) -> pd.DataFrame:
    """Claims per status and benefit year."""
    return store.query("SELECT benefit_year, status, COUNT(*) AS claims FROM claims GROUP BY ALL ORDER BY 1, 2")
