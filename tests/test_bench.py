"""The benchmark's synthetic collection and the parallel helpers the build relies on."""

from __future__ import annotations

import os
from pathlib import Path

from ogidata.bench import _templates, generate
from ogidata.cache import ExtractionCache
from ogidata.executors import AHEAD, order_preserving_map
from ogidata.pipeline import build


def _where(offset: int, item: int) -> tuple[int, int]:
    return item + offset, os.getpid()


def test_order_preserving_map_keeps_order_and_runs_marked_items_elsewhere() -> None:
    items = list(range(3 * AHEAD))
    remote = [i % 3 == 0 for i in items]
    results = list(order_preserving_map(_where, 100, items, remote, jobs=2))
    assert [value for value, _ in results] == [i + 100 for i in items]
    here = os.getpid()
    assert all((pid != here) == far for (_, pid), far in zip(results, remote))
    assert list(order_preserving_map(_where, 0, items, remote, jobs=1)) == [(i, here) for i in items]


def test_every_synthetic_copy_is_another_organs_report(tmp_path: Path) -> None:
    """Two copies of each template: each names another county, so ids differ; the
    templates that name no year are named by the organ of their title line and 'unknown'."""
    templates = _templates()
    generate(tmp_path / "sources", 2 * len(templates))
    first, second = (
        (tmp_path / "sources" / "0000" / "bench-0000000.txt").read_text(encoding="utf-8"),
        (tmp_path / "sources" / "0000" / f"bench-{len(templates):07d}.txt").read_text(encoding="utf-8"),
    )
    assert first != second and len(first.splitlines()) == len(second.splitlines())
    result = build(tmp_path / "sources", tmp_path / "out", jobs=2, cache=ExtractionCache(tmp_path / "cache"))
    assert len(result.index) == 2 * len(templates) and not result.errors
    shared = sorted(i.own_id for i in result.index if sum(j.own_id == i.own_id for j in result.index) > 1)
    assert shared == []
    # excerpt_01, excerpt_18 and excerpt_37 name neither organ nor year: each copy's organ is the one its
    # title line (with no year, "全椒县卫生健康局政府信息公开工作年度报告") names, its year unknown
    assert sum(i.own_id.endswith("-unknown") for i in result.index) >= 6


def test_the_extraction_is_timed_both_ways() -> None:
    """`ogidata bench --extraction`: one figure as compiled (where `make` compiled it) and
    one as plain Python, each from a process of its own."""
    import ogidata
    from ogidata.bench import extraction_speed

    speeds = extraction_speed(passes=1)
    assert set(speeds) == ({"compiled", "plain"} if ogidata.COMPILED else {"plain"})
    assert all(0 < ms < 1000 for ms in speeds.values())


def test_the_one_change_is_a_change_of_content() -> None:
    """`ogidata bench` times a rebuild after the first synthetic report (made from the Yeji
    2016 seed) is saved again, then after its first count changes: 17829条 becomes 17830条."""
    from ogidata.bench import _one_count_changed

    from .conftest import SOURCES

    text = (SOURCES / "reports" / "anhui-yejiqu-gov-2016.txt").read_text(encoding="utf-8")
    changed = _one_count_changed(text)
    assert "全区共发布各类政府信息17829条" in text and "全区共发布各类政府信息17830条" in changed
    assert len(changed) == len(text) and changed.replace("17830", "17829", 1) == text
