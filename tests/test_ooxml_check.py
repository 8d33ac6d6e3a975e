"""The Office Open XML schema checker (tests/ooxml_check.py), and careers-xl's outputs against it.

Each negative test edits one part of a valid package (a fixture, or a rich workbook built with
XlsxWriter) so that only the checker stands between the edit and a passing test.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from conftest import EXAMPLES, FIXTURES
from lxml import etree
from ooxml_check import _ecma_schema, schema_errors

from careers_xl.cli import cli
from careers_xl.templates import available_templates

HUXLOW = FIXTURES / "huxlow-master-plan-2025-26.xlsx"
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RIBBON_2010_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
RIBBON_2007_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"

Edit = bytes | Callable[[bytes], bytes] | None  # new content, a rewrite, or None to delete


def repack(src: Path, dst: Path, edits: dict[str, Edit]) -> Path:
    """A copy of the package ``src`` at ``dst`` with some parts replaced, rewritten or added."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            edit = edits.get(name, zin.read(name))
            if callable(edit):
                edit = edit(zin.read(name))
            if edit is not None:
                zout.writestr(name, edit)
        for name, edit in edits.items():
            if name not in zin.namelist():
                assert isinstance(edit, bytes), name
                zout.writestr(name, edit)
    return dst


def xml_edit(change: Callable[[etree._Element], object]) -> Callable[[bytes], bytes]:
    """A rewrite that parses a part, lets ``change`` edit its root, and serialises it again."""
    def rewrite(data: bytes) -> bytes:
        root = etree.fromstring(data)
        change(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return rewrite


def parts_with_errors(path: Path) -> set[str]:
    return {line.split(": ", 1)[0] for line in schema_errors(path)}


def test_there_are_fixtures() -> None:
    assert EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_fixture_is_valid(path: Path) -> None:
    assert schema_errors(path) == []


# ------------------------------------------------------------------ SpreadsheetML order and names

def test_element_out_of_schema_order_fails_naming_the_part(tmp_path: Path) -> None:
    def move_merge_cells_after_page_setup(root: etree._Element) -> None:
        merge = root.find(f"{{{SML}}}mergeCells")
        page_setup = root.find(f"{{{SML}}}pageSetup")
        assert merge is not None and page_setup is not None  # the fixture sheet has both
        page_setup.addnext(merge)

    bad = repack(HUXLOW, tmp_path / "bad.xlsx",
                 {"xl/worksheets/sheet2.xml": xml_edit(move_merge_cells_after_page_setup)})
    errors = schema_errors(bad)
    assert errors, "a sheet with <mergeCells> after <pageSetup> passed"
    assert all(e.startswith("xl/worksheets/sheet2.xml: line ") for e in errors), errors
    assert any("mergeCells" in e and "not expected" in e for e in errors), errors


def test_unknown_attribute_fails(tmp_path: Path) -> None:
    def add_attribute(root: etree._Element) -> None:
        root.find(f"{{{SML}}}sheetData").set("colour", "red")

    bad = repack(HUXLOW, tmp_path / "bad.xlsx",
                 {"xl/worksheets/sheet1.xml": xml_edit(add_attribute)})
    errors = schema_errors(bad)
    assert len(errors) == 1, errors
    assert errors[0].startswith("xl/worksheets/sheet1.xml: line ")
    assert "sheetData" in errors[0] and "colour" in errors[0] and "not allowed" in errors[0]


def test_bad_value_fails(tmp_path: Path) -> None:
    def bad_zoom(root: etree._Element) -> None:
        root.find(f"{{{SML}}}sheetViews/{{{SML}}}sheetView").set("zoomScale", "big")

    bad = repack(HUXLOW, tmp_path / "bad.xlsx", {"xl/worksheets/sheet1.xml": xml_edit(bad_zoom)})
    assert parts_with_errors(bad) == {"xl/worksheets/sheet1.xml"}


# ------------------------------------------------------------------ markup compatibility

X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"


def _with_dy_descent(ignorable: bool) -> Callable[[bytes], bytes]:
    """Sheet1 with an Excel 2010 attribute (x14ac:dyDescent) on its first row."""
    def rewrite(data: bytes) -> bytes:
        root = etree.fromstring(data)
        nsmap = dict(root.nsmap, x14ac=X14AC, mc=MC)
        new_root = etree.Element(root.tag, nsmap=nsmap, attrib=dict(root.attrib))
        new_root.extend(list(root))
        if ignorable:
            new_root.set(f"{{{MC}}}Ignorable", "x14ac")
        new_root.find(f".//{{{SML}}}row").set(f"{{{X14AC}}}dyDescent", "0.25")
        return etree.tostring(new_root, xml_declaration=True, encoding="UTF-8")
    return rewrite


def test_attribute_in_an_ignorable_namespace_passes(tmp_path: Path) -> None:
    ok = repack(HUXLOW, tmp_path / "ok.xlsx",
                {"xl/worksheets/sheet1.xml": _with_dy_descent(ignorable=True)})
    assert schema_errors(ok) == []


def test_extension_attribute_not_marked_ignorable_fails(tmp_path: Path) -> None:
    bad = repack(HUXLOW, tmp_path / "bad.xlsx",
                 {"xl/worksheets/sheet1.xml": _with_dy_descent(ignorable=False)})
    errors = schema_errors(bad)
    assert len(errors) == 1 and "dyDescent" in errors[0], errors


def test_ecma_namespaces_cannot_be_made_ignorable(tmp_path: Path) -> None:
    # They are understood, so marking them mc:Ignorable must not hide what is in them.
    def rewrite(data: bytes) -> bytes:
        text = data.decode()
        assert f'xmlns:mc="{MC}"' in text and 'xmlns:r="' in text and "<sheetData>" in text
        return (text.replace("<worksheet ", '<worksheet mc:Ignorable="r" ', 1)
                .replace("<sheetData>", '<sheetData r:id="rId1">', 1)).encode()

    bad = repack(HUXLOW, tmp_path / "bad.xlsx", {"xl/worksheets/sheet1.xml": rewrite})
    errors = schema_errors(bad)
    assert len(errors) == 1 and "r:id" in errors[0], errors


def _excel_2016_workbook(ignorable: str) -> Callable[[bytes], bytes]:
    """workbook.xml as Excel 2016 writes it: an xr:revisionPtr, and an x15 extension."""
    def rewrite(data: bytes) -> bytes:
        text = data.decode()
        assert "<extLst>" in text and "<bookViews>" in text
        namespaces = (
            f' xmlns:mc="{MC}" mc:Ignorable="{ignorable}"'
            ' xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"'
            ' xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"')
        return (text.replace("<workbook ", f"<workbook{namespaces} ", 1)
                .replace("<bookViews>", '<xr:revisionPtr revIDLastSave="0"/><bookViews>', 1)
                .replace("<extLst>", '<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDEB5}">'
                         '<x15:workbookPr chartTrackingRefBase="1"/></ext>', 1)).encode()
    return rewrite


def test_elements_in_ignorable_namespaces_and_extensions_pass(tmp_path: Path) -> None:
    # x15 is ignorable too, and its extension must still be read as the ext's one child.
    ok = repack(HUXLOW, tmp_path / "ok.xlsx", {"xl/workbook.xml": _excel_2016_workbook("x15 xr")})
    assert schema_errors(ok) == []


def test_extension_element_not_marked_ignorable_fails(tmp_path: Path) -> None:
    bad = repack(HUXLOW, tmp_path / "bad.xlsx", {"xl/workbook.xml": _excel_2016_workbook("x15")})
    errors = schema_errors(bad)
    assert len(errors) == 1 and "xr:revisionPtr" in errors[0], errors


def _alternate_content(fallback: str) -> Callable[[bytes], bytes]:
    """Sheet2 with its <mergeCells> wrapped in mc:AlternateContent (Choice needs x14)."""
    def rewrite(data: bytes) -> bytes:
        text = data.decode()
        start, end = text.index("<mergeCells"), text.index("</mergeCells>") + len("</mergeCells>")
        merge = text[start:end]
        alt = ('<mc:AlternateContent><mc:Choice Requires="x14"><x14:notInAnySchema/></mc:Choice>'
               f'<mc:Fallback>{fallback.replace("MERGE", merge)}</mc:Fallback>'
               "</mc:AlternateContent>")
        return (text[:start] + alt + text[end:]).encode()
    return rewrite


def test_alternate_content_is_read_through_its_fallback(tmp_path: Path) -> None:
    ok = repack(HUXLOW, tmp_path / "ok.xlsx",
                {"xl/worksheets/sheet2.xml": _alternate_content("MERGE")})
    assert schema_errors(ok) == []
    bad = repack(HUXLOW, tmp_path / "bad.xlsx",
                 {"xl/worksheets/sheet2.xml": _alternate_content("MERGE<mergeCells/>")})
    assert parts_with_errors(bad) == {"xl/worksheets/sheet2.xml"}


# ------------------------------------------------------------------ every kind of part

def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def rich_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook with one of each part the checker knows, written by XlsxWriter."""
    path = tmp_path_factory.mktemp("rich") / "rich.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.set_custom_property("School", "X")
    ws = wb.add_worksheet("Plan")
    ws.write_row(0, 0, ["Action", "Lead", "RAG"])
    for row in range(1, 6):
        ws.write_row(row, 0, [f"Action {row}", "Lead", row])
    ws.add_table("E1:F4", {"name": "Leads", "columns": [{"header": "Who"}, {"header": "Role"}]})
    ws.write_comment("A1", "A note")
    ws.conditional_format("C2:C6", {"type": "data_bar", "bar_solid": True})  # an x14 extLst
    ws.add_sparkline("D2", {"range": "Plan!C2:C6"})
    ws.data_validation("C2:C6", {"validate": "list", "source": ["1", "2", "3"]})
    ws.merge_range("H1:I1", "Merged")
    ws.insert_image("H3", "dot.png", {"image_data": io.BytesIO(_tiny_png())})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Plan!$C$2:$C$6", "categories": "=Plan!$A$2:$A$6"})
    ws.insert_chart("H8", chart)
    wb.close()
    return path


CHECKED_PARTS = [
    "[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels",
    "xl/worksheets/_rels/sheet1.xml.rels", "docProps/app.xml", "docProps/core.xml",
    "docProps/custom.xml", "xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml",
    "xl/theme/theme1.xml", "xl/worksheets/sheet1.xml", "xl/drawings/drawing1.xml",
    "xl/charts/chart1.xml", "xl/comments1.xml", "xl/tables/table1.xml",
]


def test_rich_workbook_is_valid(rich_workbook: Path) -> None:
    with zipfile.ZipFile(rich_workbook) as zf:
        assert set(CHECKED_PARTS) <= set(zf.namelist())
    assert schema_errors(rich_workbook) == []


@pytest.mark.parametrize("part", CHECKED_PARTS)
def test_every_kind_of_part_is_checked(part: str, rich_workbook: Path, tmp_path: Path) -> None:
    bad = repack(rich_workbook, tmp_path / "bad.xlsx",
                 {part: xml_edit(lambda root: root.set("notInTheSchema", "1"))})
    errors = schema_errors(bad)
    assert [e.split(": ", 1)[0] for e in errors] == [part], errors
    assert "notInTheSchema" in errors[0]


def test_chart_element_out_of_order_fails(rich_workbook: Path, tmp_path: Path) -> None:
    chart_ns = "http://schemas.openxmlformats.org/drawingml/2006/chart"

    def legend_first(root: etree._Element) -> None:
        chart = root.find(f"{{{chart_ns}}}chart")
        chart.insert(0, chart.find(f"{{{chart_ns}}}legend"))

    bad = repack(rich_workbook, tmp_path / "bad.xlsx",
                 {"xl/charts/chart1.xml": xml_edit(legend_first)})
    errors = schema_errors(bad)
    assert parts_with_errors(bad) == {"xl/charts/chart1.xml"}
    assert "legend" in errors[0]


def test_core_properties_dates_are_checked(tmp_path: Path) -> None:
    def bad_date(data: bytes) -> bytes:
        return data.replace(b"2026-11-23T02:04:18Z", b"23/11/2026", 1)

    with zipfile.ZipFile(HUXLOW) as zf:
        assert b"2026-11-23T02:04:18Z" in zf.read("docProps/core.xml")
    bad = repack(HUXLOW, tmp_path / "bad.xlsx", {"docProps/core.xml": bad_date})
    errors = schema_errors(bad)
    assert len(errors) == 1 and errors[0].startswith("docProps/core.xml: line "), errors
    assert "dcterms:created" in errors[0]


# ------------------------------------------------------------------ package rules

def test_part_without_content_type_fails(tmp_path: Path) -> None:
    bad = repack(HUXLOW, tmp_path / "bad.xlsx", {"xl/notes.txt": b"hello"})
    assert schema_errors(bad) == ["xl/notes.txt: has no content type in [Content_Types].xml"]


def test_relationship_to_a_missing_part_fails(tmp_path: Path) -> None:
    bad = repack(HUXLOW, tmp_path / "bad.xlsx", {"xl/sharedStrings.xml": None})
    errors = schema_errors(bad)
    assert len(errors) == 1, errors
    assert errors[0].startswith("xl/_rels/workbook.xml.rels: line ")
    assert "xl/sharedStrings.xml, which is not in the package" in errors[0]


def test_not_well_formed_part_fails(tmp_path: Path) -> None:
    bad = repack(HUXLOW, tmp_path / "bad.xlsx",
                 {"xl/styles.xml": lambda data: data.replace(b"</styleSheet>", b"")})
    errors = schema_errors(bad)
    assert len(errors) == 1 and errors[0].startswith("xl/styles.xml: line "), errors
    assert "not well-formed" in errors[0]


def test_not_a_package(tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    path.write_text("not a zip")
    assert schema_errors(path) == [
        "(package): cannot be opened as a zip package: File is not a zip file"]


# ------------------------------------------------------------------ ribbons

RIBBON_2010 = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui">
  <ribbon>
    <tabs>
      <tab id="careersTab" label="Careers Plan">
        <group id="careersGroup" label="Actions">
          <button id="careersRed" label="Red" TAG onAction="OnSetRag"/>
        </group>
      </tab>
    </tabs>
  </ribbon>
</customUI>
"""


def with_ribbon(tmp_path: Path, xml: str, part: str = "customUI/customUI14.xml",
                rel_type: str | None = RIBBON_2010_REL) -> Path:
    """The Huxlow fixture with a ribbon part, related from the package root by ``rel_type``."""
    def add_relationship(root: etree._Element) -> None:
        etree.SubElement(root, f"{{{REL_NS}}}Relationship", Id="rIdRibbon", Type=rel_type,
                         Target=part)

    edits: dict[str, Edit] = {part: xml.encode()}
    if rel_type is not None:
        edits["_rels/.rels"] = xml_edit(add_relationship)
    return repack(HUXLOW, tmp_path / "ribbon.xlsx", edits)


def test_valid_ribbon_passes(tmp_path: Path) -> None:
    assert schema_errors(with_ribbon(tmp_path, RIBBON_2010.replace("TAG", 'tag="Red"'))) == []


def test_valid_office_2007_ribbon_passes(tmp_path: Path) -> None:
    xml = RIBBON_2010.replace("TAG", "").replace("2009/07/customui", "2006/01/customui")
    assert schema_errors(with_ribbon(tmp_path, xml, "customUI/customUI.xml",
                                     RIBBON_2007_REL)) == []


def test_ribbon_with_empty_tag_fails_against_customui14(tmp_path: Path) -> None:
    errors = schema_errors(with_ribbon(tmp_path, RIBBON_2010.replace("TAG", 'tag=""')))
    assert len(errors) == 1, errors
    assert errors[0].startswith("customUI/customUI14.xml: line 7: ")
    assert "button" in errors[0] and "tag=''" in errors[0]


def test_ribbon_with_unknown_attribute_fails(tmp_path: Path) -> None:
    errors = schema_errors(with_ribbon(tmp_path, RIBBON_2010.replace("TAG", 'colour="red"')))
    assert len(errors) == 1, errors
    assert errors[0].startswith("customUI/customUI14.xml: line 7: ")
    assert "'colour' attribute not allowed" in errors[0]


def test_ribbon_element_out_of_place_fails(tmp_path: Path) -> None:
    xml = RIBBON_2010.replace("TAG", "").replace("<tabs>", "<tabs><group id='g' label='g'/>")
    assert parts_with_errors(with_ribbon(tmp_path, xml)) == {"customUI/customUI14.xml"}


def test_ribbon_namespace_must_match_its_relationship(tmp_path: Path) -> None:
    xml = RIBBON_2010.replace("TAG", "")
    errors = schema_errors(with_ribbon(tmp_path, xml, rel_type=RIBBON_2007_REL))
    assert len(errors) == 1 and "does not match its relationship type" in errors[0], errors


def test_unrelated_ribbon_part_fails(tmp_path: Path) -> None:
    errors = schema_errors(with_ribbon(tmp_path, RIBBON_2010.replace("TAG", ""), rel_type=None))
    assert len(errors) == 1 and "Office never loads it" in errors[0], errors


# ------------------------------------------------------------------ the checker itself

def test_each_schema_is_compiled_once(rich_workbook: Path) -> None:
    schema_errors(rich_workbook)
    misses = _ecma_schema.cache_info().misses
    schema_errors(rich_workbook)
    schema_errors(HUXLOW)
    assert _ecma_schema.cache_info().misses == misses


# ------------------------------------------------------------------ careers-xl's own outputs

@pytest.mark.parametrize("template", [None, *available_templates()])
def test_new_writes_a_valid_workbook(template: str | None, tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    choice = [] if template is None else ["--template", template]
    result = CliRunner().invoke(
        cli, ["new", "--school", "X", "--year", "2026/27", *choice, "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert schema_errors(path) == []


@pytest.mark.parametrize("xlsm", [False, True], ids=["xlam", "xlsm"])
def test_addin_writes_a_valid_package_and_ribbon(xlsm: bool, tmp_path: Path) -> None:
    path = tmp_path / ("plan.xlsm" if xlsm else "CareersPlan.xlam")
    args = ["addin", "-o", str(path)] + (["--xlsm", str(HUXLOW)] if xlsm else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(path) as zf:
        assert "customUI/customUI14.xml" in zf.namelist()
    assert schema_errors(path) == []
