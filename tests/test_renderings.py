"""Renderings of real rows (from the Luyi 2019 seed) the way other organs print them."""

from __future__ import annotations

from ogidata.extraction.extract import extract_report

from .conftest import SOURCES

LUYI = (SOURCES / "reports" / "henan-luyixian-gov-2019.txt").read_text(encoding="utf-8")


def _facts(text: str, name: str = "luyi.txt") -> dict[tuple[str, str], float | None]:
    return {(f.indicator, f.applicant): f.value for f in extract_report(name, text.encode()).facts if f.indicator}


def test_dash_cells_are_blanks_not_labels() -> None:
    text = LUYI.replace("规范性文件\t2\t4\t8", "规范性文件\t2\t—\t8").replace(
        "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0", "二、上年结转政府信息公开申请数量\t0\t/\t/\t/\t/\t/\t0"
    )
    facts = _facts(text)
    assert facts[("active.normative.new_made", "")] == 2 and facts[("active.normative.total_published", "")] == 8
    assert ("active.normative.new_published", "") not in facts
    assert facts[("requests.carried_over", "natural_person")] == 0 and facts[("requests.carried_over", "total")] == 0
    assert ("requests.carried_over", "other_org") not in facts


def test_rows_flattened_to_spaces() -> None:
    """With every blank printed as a mark, positions hold; with blanks left out, the
    row's numbers are the rightmost columns (inferred)."""
    text = LUYI.replace("\t", " ").replace("(一) 予以公开       196 ", "(一) 予以公开 196")
    facts = _facts(text)
    assert facts[("requests.new", "natural_person")] == 216 and facts[("requests.new", "total")] == 234
    assert facts[("requests.granted", "total")] == 196
    assert ("requests.granted", "natural_person") not in facts
    spaced = extract_report("l.txt", text.encode()).facts
    assert {f.quality for f in spaced if f.indicator == "requests.granted"} == {"inferred"}


def test_thousands_separators_in_prose() -> None:
    facts = _facts(LUYI.replace("主动公开各类政府信息15036条", "主动公开各类政府信息15,036条"))
    assert facts[("legacy.active.total", "")] == 15036


def test_html_label_spanning_two_columns() -> None:
    """A row whose label spans two grid columns and whose 商业企业 cell is blank."""
    header = (
        "<tr><td colspan='2'></td><td>自然人</td><td colspan='5'>法人或其他组织</td><td>总计</td></tr>"
        "<tr><td colspan='2'></td><td></td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
        "<td>法律服务机构</td><td>其他</td><td></td></tr>"
    )
    row = (
        "<tr><td colspan='2'>（一）予以公开</td><td>1</td><td></td><td>2</td><td>3</td><td>4</td><td>5</td>"
        "<td>15</td></tr>"
    )
    page = f"<html><body><p>申请人情况</p><table>{header}{row}</table></body></html>"
    facts = _facts(page, "page.html")
    assert facts[("requests.granted", "natural_person")] == 1
    assert ("requests.granted", "commercial_enterprise") not in facts
    assert facts[("requests.granted", "research_institution")] == 2
    assert facts[("requests.granted", "total")] == 15
