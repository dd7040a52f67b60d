"""Unit tests of the report's and the return's small parts: display rounding, reasons in words,
narratives, settings, the return folder guard, and formula-like text kept as text."""

from __future__ import annotations

import openpyxl
import pytest

from wres import settings
from wres.report.build import Page, render_markdown
from wres.report.formatting import format_number, not_calculable_words, suppression_words
from wres.report.published import Figure, OrganisationFigures, ReportError, published_database
from wres.submission_return import Block, Column, check_not_in_publication, write_workbook


@pytest.mark.parametrize(("value", "kind", "text"), [
    (1.7836862745098037, "ratio", "1.78"),
    (1.005, "ratio", "1.00"),          # binary 1.00499999...: rounds down, as Python's format does
    (24.62973121228744, "pct", "24.6"),
    (0.0, "pct", "0.0"),
    (-24.409448818897637, "points", "-24.4"),
    (3.1388, "points", "+3.1"),
    (0.3294559, "signed_ratio", "+0.33"),
    (1823.0, "count", "1,823"),
    (7, "count", "7"),
])
def test_format_number_rounds_for_display_only(value, kind, text):
    assert format_number(value, kind) == text


def test_suppression_reasons_in_words():
    assert suppression_words("primary", 1, 8, 11) == "suppressed: fewer than 8 staff"
    assert suppression_words("primary", 7, 8, 11) == "suppressed: fewer than 11 survey respondents"
    assert suppression_words("complementary", 1, 8, 11) == "suppressed: withheld so that another suppressed figure cannot be worked out"
    assert suppression_words("derived", 2, 8, 11) == "suppressed: calculated from a suppressed count"
    # after issue 14 the published tier carries one public phrase: shown as it is
    assert suppression_words("suppressed to protect small numbers", 1, 8, 11) == "suppressed to protect small numbers"
    assert suppression_words("some new code", 1, 8, 11) == "suppressed: some new code"
    assert suppression_words(None, 1, 8, 11) == "suppressed to protect small numbers"
    assert not_calculable_words("denominator_zero") == "not calculable: no one in a group to divide by"
    assert not_calculable_words("comparator_rate_zero") == "not calculable: the comparator group's rate is zero"
    assert not_calculable_words("other") == "not calculable: other"


def _figure(**values) -> Figure:
    base = dict(org_code="X1", reporting_year=2025, indicator=2, measure="relative_likelihood", breakdown="overall",
                ethnic_group="All", numerator=None, denominator=None, value=None, ci_lower=None, ci_upper=None,
                is_non_adverse=None, is_significant=None, not_calculable_reason=None, is_suppressed=False, suppression_reason=None)
    base.update(values)
    return Figure(**base)


def test_a_withheld_figure_is_never_zero_or_blank():
    org = OrganisationFigures("X1", [2025])
    org.figures[(2025, 2, "relative_likelihood", "overall", "All")] = _figure(is_suppressed=True, suppression_reason="derived")
    org.figures[(2025, 4, "relative_likelihood", "overall", "All")] = _figure(indicator=4, not_calculable_reason="comparator_rate_zero")
    org.figures[(2025, 2, "rate_pct", "overall", "BME")] = _figure(measure="rate_pct", ethnic_group="BME", numerator=None,
                                                                   denominator=332, is_suppressed=True, suppression_reason="derived")
    page = Page(org, (8, 11))
    cell = str(page.fig(2025, 2, "relative_likelihood", "overall", "All"))
    assert 'data-state="suppressed"' in cell and ">suppressed <sup" in cell
    assert page.take_notes() == [("a", "suppressed: calculated from a suppressed count")]
    words = str(page.fig(2025, 2, "relative_likelihood", "overall", "All", compact=False))
    assert "suppressed: calculated from a suppressed count" in words and page.take_notes() == []
    assert 'data-state="not-calculable"' in str(page.fig(2025, 4, "relative_likelihood", "overall", "All"))
    assert 'data-state="suppressed"' in str(page.fig(2025, 2, "rate_pct", "overall", "BME", "numerator"))
    assert ">332<" in str(page.fig(2025, 2, "rate_pct", "overall", "BME", "denominator"))


def test_markdown_narrative_shows_raw_html_as_text_and_drops_script_links():
    html = str(render_markdown('# Plan\n\n<img src="https://x.example/a.png"><script>x()</script>\n\n'
                               '[bad](javascript:alert(1)) [good](https://example.org) ![pic](https://x.example/p.png)'))
    assert "<h1>Plan</h1>" in html
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html and 'href="https://example.org"' in html


def test_settings_flag_then_environment_then_default(monkeypatch, tmp_path):
    monkeypatch.delenv("WRES_REPORT_DIR", raising=False)
    monkeypatch.setenv("WRES_RETURN_DIR", str(tmp_path / "env-return"))
    monkeypatch.setenv("WRES_NARRATIVE_DIR", str(tmp_path / "env-narratives"))
    resolved = settings.resolve(narrative_dir=str(tmp_path / "flag-narratives"))
    assert resolved.report_dir == settings.DEFAULT_BUILD_DIR / "report"
    assert resolved.return_dir == tmp_path / "env-return"
    assert resolved.narrative_dir == tmp_path / "flag-narratives"
    monkeypatch.setenv("WRES_REPORT", "on")
    assert settings.resolve().write_deliverables and not settings.resolve(no_report=True).write_deliverables
    monkeypatch.setenv("WRES_REPORT", "off")
    assert not settings.resolve().write_deliverables


def test_published_database_prefers_current_and_falls_back(tmp_path):
    with pytest.raises(ReportError, match="no publication"):
        published_database(tmp_path)
    (tmp_path / "wres_published.duckdb").write_bytes(b"")
    assert published_database(tmp_path) == tmp_path / "wres_published.duckdb"
    (tmp_path / "publications" / "r1").mkdir(parents=True)
    (tmp_path / "publications" / "r1" / "wres_published.duckdb").write_bytes(b"")
    (tmp_path / "current").symlink_to(tmp_path / "publications" / "r1")
    # resolved once, so every file of the set is read from the same publication
    assert published_database(tmp_path) == (tmp_path / "publications" / "r1" / "wres_published.duckdb").resolve()


def test_the_return_is_never_written_into_the_publication_folder(tmp_path):
    publish = tmp_path / "publish"
    for inside in (publish, publish / "returns"):
        with pytest.raises(ReportError, match="inside the publication folder"):
            check_not_in_publication(inside, publish)
    check_not_in_publication(tmp_path / "return", publish)


def test_formula_like_text_stays_text(tmp_path):
    texts = ["=1+1", "+44 20 7946 0000", "-12", "@SUM(A1:A2)", '=HYPERLINK("http://x.example","click")']
    block = Block("indicator_x", "Indicator X: test", [Column("Measure"), Column("White", "count")],
                  [[text, 5] for text in texts])
    path = tmp_path / "return.xlsx"
    write_workbook(path, "=ORG", 2025, "@run", [block], [])
    sheet = openpyxl.load_workbook(path)["WRES return"]
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value is not None}
    for text in texts:
        assert cells[text].data_type == "s", text
    assert all(cell.data_type != "f" for cell in cells.values())
    assert cells["WRES data collection return: =ORG, reporting year 2025"].data_type == "s"
    assert cells[5].data_type == "n"


def test_cli_report_and_return_fail_in_one_line_without_a_publication(tmp_path, capsys):
    from wres import cli

    assert cli.main(["report", "--publish-dir", str(tmp_path / "none"), "--report-dir", str(tmp_path / "r")]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("wres report: no publication in") and "\n" not in error
    publish = tmp_path / "publish"
    assert cli.main(["return", "--database", str(tmp_path / "none.duckdb"), "--publish-dir", str(publish),
                     "--return-dir", str(publish / "return")]) == 2
    error = capsys.readouterr().err.strip()
    assert "inside the publication folder" in error and "\n" not in error
    assert not (publish / "return").exists()


def test_deliverables_stage_reports_a_failure_in_one_line_and_carries_on(tmp_path):
    """The run's last stage: a report that cannot be written does not stop the return, and says why."""
    import dataclasses

    from wres.report.stage import deliverables_stage

    run_settings = dataclasses.replace(
        settings.resolve(database=str(tmp_path / "none.duckdb"), publish_dir=str(tmp_path / "publish"),
                         report_dir=str(tmp_path / "report"), return_dir=str(tmp_path / "return")),
        write_deliverables=True,
    )
    lines: list[str] = []
    record = deliverables_stage(run_settings, lines.append)
    assert record["ok"] is False
    assert record["report"]["error"].startswith("no publication in")
    assert record["return"]["error"].startswith("no build database at")
    assert [line for line in lines if "was not written" in line] == [
        f"    the report was not written: {record['report']['error']}",
        f"    the return was not written: {record['return']['error']}",
    ]
    off = dataclasses.replace(run_settings, write_deliverables=False)
    assert deliverables_stage(off, lines.append) == {"ok": True, "skipped": True}


def test_deliverables_report_written_beside_the_return_keeps_the_messages_in_order(tmp_path, monkeypatch):
    """The run starts the report (Chromium printing) before the dbt docs and the return: its
    messages still come first, a defect in it is raised by finish() as it was inline, and a
    report that cannot be written still does not stop the return."""
    import dataclasses
    import threading
    import time

    from wres.report import stage
    from wres.report.published import ReportError

    run_settings = dataclasses.replace(
        settings.resolve(database=str(tmp_path / "none.duckdb"), publish_dir=str(tmp_path / "publish"),
                         report_dir=str(tmp_path / "report"), return_dir=str(tmp_path / "return")),
        write_deliverables=True,
    )
    returned = threading.Event()

    def slow_report(settings, say):
        assert returned.wait(30)  # the return is written while the report is still printing
        say("report line")
        return {"report": 1}

    def quick_return(settings, say):
        say("return line")
        returned.set()
        return {"return": 1}

    monkeypatch.setattr(stage, "write_report", slow_report)
    monkeypatch.setattr(stage, "write_return", quick_return)
    lines: list[str] = []
    deliverables = stage.Deliverables(run_settings).start()
    lines.append("docs line")  # what the run prints meanwhile (the dbt docs stage)
    assert deliverables.finish(lines.append) == {"ok": True, "report": {"report": 1}, "return": {"return": 1}}
    assert lines == ["docs line", "report line", "return line"]

    def broken_report(settings, say):
        raise ReportError("no Chromium today")

    monkeypatch.setattr(stage, "write_report", broken_report)
    lines = []
    record = stage.Deliverables(run_settings).start().finish(lines.append)
    assert record["ok"] is False and record["report"] == {"error": "no Chromium today"}
    assert lines == ["    the report was not written: no Chromium today", "return line"]

    def defect(settings, say):
        time.sleep(0.1)
        raise KeyError("a defect")

    monkeypatch.setattr(stage, "write_report", defect)
    with pytest.raises(KeyError, match="a defect"):
        stage.Deliverables(run_settings).start().finish(lines.append)
    assert not [thread for thread in threading.enumerate() if thread.name == "wres-report"]
