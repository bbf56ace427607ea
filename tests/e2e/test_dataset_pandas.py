"""An analyst's first steps: load the output with pandas and check the totals exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from bulletin.cli import app
from bulletin.output.readers import read_dataset
from goldens import SAMPLES


def test_typed_tables_sum_exactly_to_the_total_row(tmp_path: Path) -> None:
    args = ["extract", str(SAMPLES / "wuhai-2021-56.pdf"), "--out", str(tmp_path), "-q"]
    assert CliRunner().invoke(app, args).exit_code == 0
    data = read_dataset(tmp_path)
    districts, totals = data["districts"], data["totals"]
    assert districts["planned_investment"].iloc[3] == Decimal("4949.834")
    for index, group in districts.groupby("table_index"):
        total = totals[totals["table_index"] == index].iloc[0]
        assert sum(group["planned_investment"]) == total["planned_investment"]
        assert sum(group["completed_investment"]) == total["completed_investment"]
    communities = data["communities"]
    assert str(communities["completed"].dtype) == "boolean"
    assert str(communities["page"].dtype) == "Int64"
    assert int(communities[communities["table_index"] == 0]["completed"].sum()) == 22
    assert districts["investment_completion_rate"].isna().sum() == 3
