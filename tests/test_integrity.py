"""The integrity checks catch what the records alone cannot."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest

from ofsted_ratings import (
    Dataset,
    FrameworkId,
    Grade,
    Inspection,
    InspectionKind,
    Judgement,
    load,
)
from ofsted_ratings.integrity import PUBLISHED_COUNTS, check, latest_distribution


def _with(
    change: Callable[[Inspection], Inspection | None],
    pick: Callable[[Inspection], bool],
) -> list[str]:
    bundled = load(bundled=True)
    target = next(i for i in bundled.inspections if pick(i))
    changed = change(target)
    inspections = [i for i in bundled.inspections if i is not target]
    if changed is not None:
        inspections.append(changed)
    dataset = Dataset(authorities=bundled.authorities, inspections=inspections)
    return [p.code for p in check(dataset, published_counts={})]


def test_published_counts_match_ofsted() -> None:
    for day, expected in PUBLISHED_COUNTS.items():
        found = latest_distribution(load(bundled=True), day)
        assert {g: found.get(g, 0) for g in expected} == dict(expected)
        assert sum(found.values()) == sum(expected.values()) == 153


def test_sif_limiting_rule() -> None:
    def inadequate_help(i: Inspection) -> Inspection:
        grades = {
            **i.grades,
            "help_and_protection": Grade.INADEQUATE,
            "overall_effectiveness": Grade.GOOD,
        }
        return attrs.evolve(i, judgements=tuple(Judgement(a, g) for a, g in grades.items()))

    codes = _with(
        inadequate_help,
        lambda i: i.framework is FrameworkId.SIF and i.kind is InspectionKind.INSPECTION,
    )
    assert codes == ["sif-limiting-rule"]


def test_missing_ilacs_judgement() -> None:
    codes = _with(
        lambda i: attrs.evolve(i, judgements=i.judgements[1:]),
        lambda i: i.framework is FrameworkId.ILACS_2023,
    )
    assert codes == ["missing-judgement"]


def test_inspection_after_abolition() -> None:
    bundled = load(bundled=True)
    cumbria = bundled.authority("Cumbria")
    abolished = cumbria.abolished
    assert abolished is not None
    codes = _with(
        lambda i: attrs.evolve(i, authority_key=cumbria.key),
        lambda i: i.start is not None and i.start > abolished,
    )
    assert codes == ["after-abolished"]


def test_published_counts_are_checked() -> None:
    bundled = load(bundled=True)
    leeds_2022 = next(i for i in bundled.history("Leeds") if i.id == "80481-2022-05-09")
    grades = {**leeds_2022.grades, "overall_effectiveness": Grade.GOOD}
    changed = attrs.evolve(leeds_2022, judgements=tuple(Judgement(a, g) for a, g in grades.items()))
    other = Dataset(
        authorities=bundled.authorities,
        inspections=[changed if i is leeds_2022 else i for i in bundled.inspections],
    )
    problems = check(other)
    assert {p.code for p in problems} == {"published-counts"}
    assert "outstanding 29" in str(problems[0])


@pytest.mark.parametrize("code", ["overall-after-2026"])
def test_no_overall_after_april_2026(code: str) -> None:
    def add_overall(i: Inspection) -> Inspection:
        return attrs.evolve(i, framework=FrameworkId.ILACS_2026)

    target = next(
        i for i in load(bundled=True).inspections if i.framework is FrameworkId.ILACS_2026
    )
    assert target.grade("overall_effectiveness") is None
    with pytest.raises(Exception, match="no area 'overall_effectiveness'"):
        attrs.evolve(
            target, judgements=(*target.judgements, Judgement("overall_effectiveness", Grade.GOOD))
        )
    assert add_overall(target) == target
    assert code not in [p.code for p in check(load(bundled=True), published_counts={})]
