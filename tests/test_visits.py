"""The Visit record: what it accepts, what it refuses, and what it says of itself."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ofsted_ratings.errors import RecordError
from ofsted_ratings.models import Source, SourceKind, Visit, VisitKind

SOURCE = Source(
    kind=SourceKind.REPORT,
    url="https://example.org/leeds-2021.pdf",
    title="Focused visit to Leeds children's services",
    sha256="0" * 64,
)


def visit(**changes: object) -> Visit:
    values: dict[str, object] = {
        "authority_key": "80481",
        "kind": VisitKind.FOCUSED,
        "start": date(2021, 7, 20),
        "end": date(2021, 7, 21),
        "letter_date": date(2021, 8, 31),
        "inspectors": ("Victoria Horsefield", "Matt Reed"),
        "theme": "the local authority's arrangements for the front door",
        "source": SOURCE,
        **changes,
    }
    return Visit(**values)  # type: ignore[arg-type]


def test_a_visit() -> None:
    made = visit(authority_key=80481)
    assert made.authority_key == "80481"
    assert made.urn == 80481
    assert made.id == "80481-visit-2021-07-20"
    assert made.known_from == date(2021, 8, 31)
    assert made.priority_actions == made.improvements == ()
    assert (made.graded, made.judges_services) == (False, False)
    assert hash(made) == hash(visit())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.theme = "other"  # type: ignore[misc]


def test_a_visit_keyed_by_la_code_and_dated_by_its_source() -> None:
    source = attrs.evolve(SOURCE, published=date(2021, 9, 1))
    made = visit(authority_key="la-835", letter_date=None, source=source)
    assert made.urn is None
    assert made.id == "la-835-visit-2021-07-20"
    assert made.known_from == date(2021, 9, 1)
    listed = visit(letter_date=None, source=attrs.evolve(source, listed=date(2021, 8, 30)))
    assert listed.known_from == date(2021, 8, 30)
    undated = visit(start=None, end=None, letter_date=None, source=source)
    assert undated.id == "80481-visit-2021-09-01"


def test_visits_from_official_files_may_lack_what_letters_give() -> None:
    source = Source(
        kind=SourceKind.OFFICIAL_STATISTICS,
        url="https://example.org/outcomes.ods",
        title="LA inspection outcomes",
        published=date(2025, 9, 25),
    )
    made = visit(
        kind=VisitKind.MONITORING,
        end=None,
        inspectors=(),
        theme=None,
        letter_date=None,
        source=source,
    )
    assert made.known_from == date(2025, 9, 25)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"authority_key": "leeds"}, "authority_key", "not an authority key"),
        ({"authority_key": True}, "authority_key", "not an authority key"),
        ({"kind": "focused visit"}, "kind", "not a VisitKind"),
        ({"start": date(2021, 7, 22)}, "end", "after end"),
        ({"letter_date": date(2021, 7, 20)}, "letter_date", "before the visit ended"),
        ({"start": date(2017, 11, 1), "end": date(2017, 11, 2)}, "start", "before ILACS"),
        ({"letter_date": None}, "letter_date", "neither the visit nor its source"),
        ({"lead_inspector": "Matt Reed"}, "lead_inspector", "not named first"),
        ({"lead_inspector": " Matt Reed"}, "lead_inspector", "trimmed"),
        ({"inspectors": ("Matt Reed", "Matt Reed")}, "inspectors", "named twice"),
        ({"inspectors": ("Matt Reed", "")}, "inspectors", "non-empty trimmed"),
        ({"inspectors": ("Matt Reed; Ann Lee",)}, "inspectors", "holds ';'"),
        ({"improvements": ("ok", " padded")}, "improvements", "non-empty trimmed"),
        ({"priority_actions": "one action"}, None, "not the text"),
        ({"theme": ""}, "theme", "non-empty trimmed"),
        ({"start": "2021-07-20"}, "start", "must be a date"),
        ({"source": "a letter"}, "source", "not a Source"),
    ],
)
def test_refused(changes: dict[str, object], field: str | None, words: str) -> None:
    with pytest.raises(RecordError, match=words) as raised:
        visit(**changes)
    assert raised.value.field == field


def test_monitoring_visits_may_predate_ilacs() -> None:
    made = visit(
        kind=VisitKind.MONITORING,
        start=date(2016, 3, 1),
        end=date(2016, 3, 2),
        letter_date=date(2016, 4, 1),
    )
    assert made.kind.focused is False


_DAYS = st.dates(min_value=date(2018, 1, 1), max_value=date(2030, 12, 31))


@given(
    start=_DAYS,
    length=st.integers(min_value=0, max_value=10),
    wait=st.integers(min_value=0, max_value=120),
    kind=st.sampled_from(VisitKind),
)
def test_dates_in_order_make_a_visit(start: date, length: int, wait: int, kind: VisitKind) -> None:
    end = start + timedelta(days=length)
    made = visit(start=start, end=end, letter_date=end + timedelta(days=wait), kind=kind)
    assert made.id.endswith(start.isoformat())
    assert made.known_from == end + timedelta(days=wait)
    assert str(made.kind) == kind.value


@given(start=_DAYS, back=st.integers(min_value=1, max_value=30))
def test_dates_out_of_order_are_refused(start: date, back: int) -> None:
    with pytest.raises(RecordError):
        visit(start=start, end=start - timedelta(days=back), letter_date=start)
    with pytest.raises(RecordError):
        visit(start=start, end=start, letter_date=start - timedelta(days=back))
