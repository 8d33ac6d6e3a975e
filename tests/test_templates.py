"""Tests for workbook templates: loading and checking, blank plans, re-wording, rendering.

The rendered companion sheets are opened with openpyxl and, where LibreOffice is installed,
converted to PDF and one page to PNG, as a careers leader's office suite would show them.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from libreoffice import convert, requires_libreoffice
from pdf_words import pdf_pages

from careers_xl.errors import CareersXLError
from careers_xl.model import (
    DEFAULT_PERIOD_LABELS,
    PERIOD_FIELDS,
    AcademicYear,
    Action,
    Benchmark,
    CarriedSheet,
    ExtraColumn,
    Objective,
    Plan,
    PlanSheet,
    Rag,
)
from careers_xl.templates import (
    Field,
    Table,
    Template,
    add_companion_sheets,
    apply_template,
    available_templates,
    blank_plan,
    load_template,
)

COMPANIONS = [
    "Strategic Plan",
    "Programme by Year",
    "Strategy Checklist",
    "Encounter Checklist",
    "SWOT",
    "Learning Outcomes",
]


@pytest.fixture(scope="module")
def template() -> Template:
    return load_template()


def companion_tables(template: Template, name: str) -> list[Table]:
    return next(c for c in template.companions if c.name == name).tables


def test_shipped_templates_load() -> None:
    names = available_templates()
    assert {"default", "gatsby-2018"} <= set(names)
    for name in names:
        assert load_template(name).companions


def test_default_template_plan_shape(template: Template) -> None:
    assert template.sheet_names[1] == "BM1 Programme"
    assert template.sheet_names[7] == "BM7 FE & HE"
    assert template.benchmark_titles[3] == "Addressing the needs of each young person"
    assert template.period_labels == DEFAULT_PERIOD_LABELS
    assert set(template.column_labels) == {"objective", *PERIOD_FIELDS}
    assert template.blank_rows == 5
    assert template.cover_labels["priority_5"] == "Priority 5"
    assert [c.name for c in template.companions] == COMPANIONS


def test_older_wording_extends_default() -> None:
    older = load_template("gatsby-2018")
    assert older.benchmark_titles[3] == "Addressing the needs of each pupil"
    assert older.sheet_names[3] == "BM3 Needs"  # everything else comes from default
    assert [c.name for c in older.companions] == COMPANIONS


def test_strategy_checklist_has_22_items_in_5_groups(template: Template) -> None:
    (table,) = companion_tables(template, "Strategy Checklist")
    assert [g.label for g in table.groups] == [
        "Statutory Legal Requirements",
        "Careers Leaders",
        "SLT, Head and Governance",
        "Gatsby Benchmarks",
        "Monitoring and Evaluation",
    ]
    assert [row[0] for row in table.rows] == list(range(1, 23))
    assert table.rows[2][1] == "Publish a Provider Access Policy"
    assert table.dropdowns == {"Done?": ["Yes", "No", "In progress"]}
    assert "Evidence/Notes" in table.headers


def test_programme_by_year_has_year_7_to_13(template: Template) -> None:
    (table,) = companion_tables(template, "Programme by Year")
    assert [row[0] for row in table.rows] == [f"Year {n}" for n in range(7, 14)]
    assert table.headers[1:] == [
        "Learning outcomes",
        "Key events",
        "Benchmarks",
        "Autumn",
        "Spring",
        "Summer",
    ]


def test_strategic_plan_has_five_priorities(template: Template) -> None:
    tables = companion_tables(template, "Strategic Plan")
    priorities = [t for t in tables if t.lead_in and not t.lead_in.answer]
    assert [t.lead_in.label for t in priorities if t.lead_in] == [
        f"Priority {n}" for n in range(1, 6)
    ]
    assert priorities[0].headers[2] == "Actions, including CPD/resourcing"
    assert "“What would success look like?”" in priorities[0].prompts


def test_encounter_checklist_and_swot(template: Template) -> None:
    (encounter,) = companion_tables(template, "Encounter Checklist")
    assert encounter.headers == ["What", "Why", "How", "Completed"]
    assert encounter.rows[0][0] == "Consider your audience"
    assert encounter.dropdowns["Completed"] == ["Yes", "No"]
    swot = companion_tables(template, "SWOT")
    assert [t.headers for t in swot] == [["Strengths", "Weaknesses"], ["Opportunities", "Threats"]]


def test_learning_outcomes(template: Template) -> None:
    cdi, universal = companion_tables(template, "Learning Outcomes")
    assert [row[0] for row in cdi.rows] == [
        "Grow throughout life",
        "Explore possibilities",
        "Manage career",
        "Create opportunities",
        "Balance life and work",
        "See the big picture",
    ]
    areas = list(dict.fromkeys(str(row[0]) for row in universal.rows))
    assert areas == [
        "Self-awareness",
        "Career knowledge and decision-making",
        "Recruitment and workplace readiness",
    ]
    assert len(universal.rows) == 18
    assert template.learning_outcomes[:2] == ["Grow throughout life", "Explore possibilities"]
    assert len(template.learning_outcomes) == 6 + 18


def test_blank_plan(template: Template) -> None:
    plan = blank_plan(template, "Huxlow Academy", AcademicYear(2026))
    assert plan.school == "Huxlow Academy"
    assert str(plan.academic_year) == "2026/27"
    assert plan.objectives == []
    assert [b.title for b in plan.benchmarks.values()] == list(template.benchmark_titles.values())
    assert [s.name for s in plan.sheets] == list(template.sheet_names.values())
    assert plan.sheet_order == [s.name for s in plan.sheets]
    bm5 = plan.sheets[4]
    assert bm5.benchmark == 5
    assert bm5.preamble == [
        "Gatsby Benchmark 5: Encounters with employers and employees",
        "Compass: enter your latest Compass result for Gatsby Benchmark 5.",
    ]
    assert bm5.period_labels == template.period_labels
    assert bm5.column_labels["end_point"] == "End point"
    assert template.compass_line(1, 77) == (
        "Compass: your institution has met 77% of the assessment areas in Gatsby Benchmark 1."
    )


def school_plan() -> Plan:
    """A plan as a school typed it: own wording, an extra column, a carried sheet."""
    sheet = PlanSheet(
        name="BM3 Needs",
        benchmark=3,
        preamble=["Gatsby Benchmark 3: Addressing the needs of each pupil", "Compass: 40%"],
        period_labels={1: "Autumn Term", 2: "Spring Term", 3: "Summer Term"},
        column_labels={"action": "Actions", "lead": "Lead(s)", "evidence": "Evidance"},
        extra_columns=[ExtraColumn("Cost")],
    )
    action = Action(1, "Careers fair", ["ZCO"], rag=Rag.AMBER, extra={"Cost": 250})
    return Plan(
        school="Huxlow Academy",
        academic_year=AcademicYear(2025),
        benchmarks={3: Benchmark(3, "Addressing the needs of each pupil", 40)},
        objectives=[Objective("All students seen (C3.4)", "C3.4", 3, "BM3 Needs", [action])],
        sheets=[sheet, PlanSheet(name="Notes", preamble=["My notes"])],
        carried=[CarriedSheet("SWOT", {(1, 1): "Strengths"})],
    )


def test_apply_template_changes_only_wording(template: Template) -> None:
    plan = school_plan()
    refreshed = apply_template(plan, template)
    assert refreshed is not plan
    assert refreshed.objectives == plan.objectives
    assert refreshed.carried == plan.carried
    assert plan.sheets[0].period_labels[1] == "Autumn Term"  # the input is untouched
    sheet = refreshed.sheets[0]
    assert sheet.name == "BM3 Needs"
    assert sheet.period_labels == template.period_labels
    assert sheet.column_labels == template.column_labels
    assert sheet.extra_columns == [ExtraColumn("Cost")]
    assert sheet.preamble == [template.title_line(3), "Compass: 40%"]
    assert refreshed.benchmarks[3] == Benchmark(3, template.benchmark_titles[3], 40)
    assert refreshed.sheets[1].preamble == ["My notes"]  # not a title line: kept


def write_template(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hub.toml"
    path.write_text(text, encoding="utf-8")
    return path


def default_text() -> str:
    folder = Path(__file__).parent.parent / "careers_xl" / "workbook_templates"
    return (folder / "default.toml").read_text()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("blank_rows = 5", 'blank_rows = "five"'), "blank_rows: should be a whole number"),
        (('lead = "Lead"', 'leed = "Lead"'), "column_labels.lead: is missing (is 'leed' a typo"),
        (("{percent}%", "{percentage}%"), "compass_pattern: unknown placeholder {percentage}"),
        (('sheet = "BM2 LMI"', 'sheet = "BM2: LMI"'), "benchmarks.2.sheet: 'BM2: LMI' cannot"),
        (('kind = "heading"\ntext = "Key', 'kind = "headline"\ntext = "Key'), "blocks[3].kind"),
        (('headers = ["What"', 'heders = ["What"'), "blocks[4].headers: is missing (is 'heders'"),
        (
            ('{ "Done?" = ["Yes", "No", "In', '{ "Completed?" = ["Yes", "No", "In'),
            "names no column",
        ),
        (('sheet = "BM8 Guidance"', 'sheet = "bm1 programme"'), "'bm1 programme' is used twice"),
    ],
)
def test_bad_template_names_the_key(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    text = default_text()
    assert change[0] in text
    path = write_template(tmp_path, text.replace(change[0], change[1], 1))
    with pytest.raises(CareersXLError, match="hub.toml: ") as error:
        load_template(path)
    assert message in str(error.value)


def test_bad_toml_and_unknown_name(tmp_path: Path) -> None:
    with pytest.raises(CareersXLError, match=r"hub.toml: not valid TOML: .*line 2"):
        load_template(write_template(tmp_path, 'blank_rows = 5\ntitle_pattern = = "x"\n'))
    with pytest.raises(CareersXLError, match=r"no template called 'cornwal' \(available: "):
        load_template("cornwal")


def test_templates_folder_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = 'extends = "default"\n[benchmarks.1]\nsheet = "Stable programme"\n'
    (tmp_path / "cornwall.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("CAREERS_XL_TEMPLATES", str(tmp_path))
    assert "cornwall" in available_templates()
    assert load_template("cornwall").sheet_names[1] == "Stable programme"


def render(template: Template, path: Path, existing: set[str]) -> list[str]:
    plan = blank_plan(template, "=Huxlow Academy", AcademicYear(2026))
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("Cover")
    written = add_companion_sheets(workbook, template, plan, existing)
    workbook.close()
    return written


def column_values(ws: object, col: int) -> list[object]:
    return [row[0] for row in ws.iter_rows(min_col=col, max_col=col, values_only=True)]  # type: ignore[attr-defined]


def test_companion_sheets_in_openpyxl(template: Template, tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    written = render(template, path, existing={"swot"})
    assert written == [n for n in COMPANIONS if n != "SWOT"]  # the school's SWOT is kept
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Cover", *written]
    strategic = book["Strategic Plan"]
    assert strategic["A1"].value == "Strategic Careers Plan =Huxlow Academy 2026/27"
    assert strategic["A1"].data_type == "s"  # text, never a formula
    assert strategic["A1"].font.b and strategic["A1"].font.sz == 14
    checklist = book["Strategy Checklist"]
    items = [v for v in column_values(checklist, 1) if isinstance(v, int)]
    assert items == list(range(1, 23))
    header = next(c for c in checklist["C"] if c.value == "Done?")
    assert header.font.b and header.fill.fgColor.rgb == "FFD9E1F2"
    (rule,) = checklist.data_validations.dataValidation
    assert rule.type == "list" and rule.formula1 == '"Yes,No,In progress"'
    assert checklist.print_title_rows == f"${header.row}:${header.row}"
    assert checklist.page_setup.orientation == "landscape"
    assert checklist.page_setup.paperSize == 9
    fit = checklist.sheet_properties.pageSetUpPr
    assert fit is not None and fit.fitToPage
    assert checklist.page_setup.fitToWidth in (None, 1) and checklist.page_setup.fitToHeight == 0
    years = [
        v for v in column_values(book["Programme by Year"], 1) if re.fullmatch(r"Year \d+", str(v))
    ]
    assert years == [f"Year {n}" for n in range(7, 14)]
    outcomes = book["Learning Outcomes"]
    assert "See the big picture" in column_values(outcomes, 1)
    assert "Recruitment and workplace readiness" in column_values(outcomes, 1)


def test_companion_field_with_hint(template: Template) -> None:
    strategic = next(c for c in template.companions if c.name == "Strategic Plan")
    vision = [b for b in strategic.blocks if isinstance(b, Field)][1]
    assert vision.label == "Careers Vision Statement"
    assert vision.hint.startswith("e.g. Careers provision at (name of school")


@requires_libreoffice
def test_companion_sheets_render_in_libreoffice(template: Template, tmp_path: Path) -> None:
    """The companion sheets as LibreOffice prints them (pdftotext words and their boxes):
    landscape A4, each sheet starting a page with its title (a school named "=Huxlow
    Academy" printed as typed, not as a formula), nothing off the page, and the Strategy
    Checklist's header row repeated at the top of its second page."""
    path = tmp_path / "companions.xlsx"
    render(template, path, existing=set())
    pages = pdf_pages(convert(path, "pdf", tmp_path))
    assert all((round(p.width), round(p.height)) == (842, 595) for p in pages)
    assert all(max(w.x1 for w in p.words) <= p.width for p in pages if p.words)
    text = " ".join(p.text for p in pages)
    assert "#NAME?" not in text and "Err:" not in text
    book = openpyxl.load_workbook(path)
    starts = []
    for companion in template.companions:
        title = str(book[companion.name]["A1"].value)
        starts.append(next(i for i, p in enumerate(pages) if p.text.startswith(title)))
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert pages[starts[0]].text.startswith("Strategic Careers Plan =Huxlow Academy 2026/27")
    checklist = [c.name for c in template.companions].index("Strategy Checklist")
    first, after = starts[checklist], starts[checklist + 1]
    assert after - first >= 2  # the checklist runs over pages...
    for page in pages[first + 1:after]:  # ...and each one starts with its header row
        assert page.text.startswith("No. Checklist item"), page.text[:60]
    numbers = [w.text for p in pages[first:after] for w in p.words
               if w.x0 < 60 and w.text.isdigit()]
    assert numbers == [str(n) for n in range(1, 23)]
