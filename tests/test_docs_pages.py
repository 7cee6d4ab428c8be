"""The docs pages generated from the data: the data dictionary and the browse pages.

The Markdown is rendered with MyST's own Markdown parser, configured with the extensions
``docs/conf.py`` enables, so the tests see what a reader sees (less Sphinx's styling).
"""

from __future__ import annotations

import ast
import doctest
import html
import importlib.util
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest

from ofsted_ratings import load
from ofsted_ratings.dataset import data_files
from ofsted_ratings.models import DatePrecision, approximate_date

DOCS = Path(__file__).resolve().parents[1] / "docs"

#: The tags the generated Markdown may produce; anything else is text taken for markup.
TAGS = {"h1", "h2", "h3", "p", "a", "code", "em", "strong", "span", "img", "blockquote"}
TAGS |= {"table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "pre"}


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    path = DOCS / "_generate.py"
    if not path.is_file():
        pytest.skip("docs/ is not beside the tests")
    spec = importlib.util.spec_from_file_location("docs_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def render() -> Callable[[str], str]:
    """Markdown to HTML as MyST parses it with the docs' extensions."""
    pytest.importorskip("myst_parser")
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    tree = ast.parse((DOCS / "conf.py").read_text(encoding="utf-8"))
    extensions = next(
        ast.literal_eval(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", None) == "myst_enable_extensions" for t in node.targets)
    )
    parser = create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)

    def rendered(text: str) -> str:
        return str(parser.render(text))

    return rendered


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(page: str) -> tuple[set[str], str]:
    """The tags of an HTML page and its text."""
    reader = _Tags()
    reader.feed(page)
    return reader.tags, "".join(reader.text)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\s',;:.()]+", text)


def test_the_generators_examples(generate: ModuleType) -> None:
    result = doctest.testmod(generate)
    assert result.attempted > 0
    assert result.failed == 0


def test_the_data_dictionary_shows_every_description(
    generate: ModuleType, render: Callable[[str], str]
) -> None:
    descriptor = json.loads((data_files() / "datapackage.json").read_text(encoding="utf-8"))
    tags, text = _read(render(generate.data_dictionary()))
    assert tags <= TAGS, "text taken for HTML tags"
    assert "<authority_key>-<publication date>" in text
    assert "['']" not in text
    resources = descriptor["resources"]
    assert text.count("A missing value is an empty cell.") == len(resources)
    shown = " ".join(_words(text.replace("separated by", "")))
    for resource in resources:
        for field in resource["schema"]["fields"]:
            # Every word of the description is shown, in order (quoted values become code,
            # an empty one the word "empty").
            description = field["description"].replace("''", "empty")
            words = _words(description.replace("-separated", ""))
            assert " ".join(words) in shown, field["name"]
            for rule in ("pattern",):
                if rule in field.get("constraints", {}):
                    assert field["constraints"][rule] in text, field["name"]


def test_month_precise_dates_stay_month_precise(
    generate: ModuleType, render: Callable[[str], str]
) -> None:
    ds = load()
    pages = generate._Pages(ds)
    found = 0
    for authority in ds.authorities:
        history = ds.history(authority)
        approximate = [i for i in history if i.date_precision is DatePrecision.MONTH]
        if not approximate:
            continue
        tags, text = _read(render(pages.authority_page(authority)))
        assert tags <= TAGS
        for inspection in approximate:
            found += 1
            assert inspection.start is not None
            month = approximate_date(inspection.start, DatePrecision.MONTH)
            assert f"{month} (month only)" in text
            # The first of the month stands for the month: it is never shown as a day.
            assert inspection.start.isoformat() not in text
            assert generate._day(inspection.start) not in text
            if inspection.published is None and inspection.source.published is None:
                last = inspection.end or inspection.start
                assert f"after {approximate_date(last, DatePrecision.MONTH)}" in text
                assert inspection.known_from.isoformat() not in text
                assert generate._day(inspection.known_from) not in text
    if not found:
        pytest.skip("no inspection in the data is dated only to the month")


_DATE = r"(?:\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{4})"


def _cells(page: str) -> list[str]:
    return re.findall(r"<td>(.*?)</td>", page, flags=re.S)


def test_dates_in_tables_do_not_wrap(generate: ModuleType, render: Callable[[str], str]) -> None:
    ds = load()
    pages = generate._Pages(ds)
    rendered = [render(pages.index_page([])), render(generate.framework_table())]
    rendered += [render(pages.authority_page(a)) for a in ds.authorities if ds.history(a)]
    dated = 0
    for page in rendered:
        for cell in _cells(page):
            # Every date in a cell is inside a span that the style sheet keeps on one line.
            bare = re.sub(r'<span class="nowrap">.*?</span>', "", cell)
            assert not re.search(_DATE, html.unescape(bare)), cell
            dated += cell.count('<span class="nowrap">')
    assert dated > len(rendered)
    css = (DOCS / "_static" / "ofsted-ratings.css").read_text(encoding="utf-8")
    assert re.search(r"span\.nowrap\s*\{\s*white-space:\s*nowrap;", css)
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    assert 'html_css_files = ["ofsted-ratings.css"]' in conf


def test_a_chart_module_change_regenerates_the_pages(
    generate: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The charts live in a subpackage: the stamp must cover it, not only the top level.
    from ofsted_ratings.exports import charts

    before = generate._stamp()
    chart_module = Path(charts.__file__).resolve()
    read_bytes = Path.read_bytes

    def edited(path: Path) -> bytes:
        data = read_bytes(path)
        return data + b"# edited" if path.resolve() == chart_module else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert generate._stamp() != before
