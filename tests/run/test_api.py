"""`bulletin.convert`, as the README shows it: the README's example is run as written."""

from __future__ import annotations

import re

import pytest

from goldens import ROOT


def _readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    (example,) = [b for b in blocks if "bulletin.convert(" in b]
    return example


def test_the_readme_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the example names files relative to the repository
    exec(compile(_readme_example(), "README.md", "exec"), {})


def test_convert_keeps_the_output_folder_when_asked(tmp_path) -> None:
    import bulletin

    out = tmp_path / "out"
    first = bulletin.convert(ROOT / "samples" / "wuhai-2022-18.pdf", out=out)
    again = bulletin.convert(str(ROOT / "samples" / "wuhai-2022-18.pdf"), out=str(out))
    assert first.out == out and (out / "communities.csv").is_file()
    assert [f.cache_hit for f in again.report.files] == [True]
    assert list(again.communities.columns[:5]) == [
        "source", "year", "table_index", "district", "street"]
    assert again.communities.equals(first.communities)
