"""The WRES report opened in headless Chromium (DevTools protocol), its PDF read with pdftotext,
and the return read back with openpyxl, on the demo run of the session (conftest.demo_build)
and on landing data the project has never seen (the session's `unseen` build, another seed).

Screenshots of every page are saved under build/test-artefacts/report/ as artefacts."""

from __future__ import annotations

import json

import duckdb
import pytest

from deliverable_checks import ARTEFACTS, check_page, check_pdf, check_workbook, inspect_page, pdf_pages, published_figures
from wres.report.build import build_report, page_file
from wres.report.chromium import ChromiumSession, find_chromium
from wres.report.published import published_database, read_publication
from wres.submission_return import return_folder, workbook_name

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed (make install installs it)")


def _organisations(database) -> list[str]:
    with duckdb.connect(str(database), read_only=True) as con:
        return [row[0] for row in con.execute("select distinct org_code from published.wres_indicators order by 1").fetchall()]


def _check_report(run_settings, artefact_prefix: str) -> dict:
    database = published_database(run_settings.publish_dir)
    published = published_figures(database)
    organisations = _organisations(database)
    assert organisations
    compared = {}
    with ChromiumSession(find_chromium()) as browser:
        for org in organisations:
            page = run_settings.report_dir / page_file(org)
            found = inspect_page(browser, page, ARTEFACTS / f"{artefact_prefix}-{org}.png")
            compared[org] = check_page(found, org, published)
            check_pdf(page.with_suffix(".pdf"), org)
        index = inspect_page(browser, run_settings.report_dir / "index.html", ARTEFACTS / f"{artefact_prefix}-index.png")
        assert index["requests"] == [] and index["errors"] == []
    return compared


def _check_return(run_settings) -> int:
    with duckdb.connect(str(run_settings.database), read_only=True) as con:
        pairs = con.execute("select distinct org_code, reporting_year from marts.wres_indicators order by 1, 2").fetchall()
    compared = 0
    for org, year in pairs:
        path = return_folder(run_settings.return_dir, org, year) / workbook_name(org, year)
        compared += check_workbook(path, run_settings.database, org, year)
    return compared


def test_demo_report_in_chromium_equals_the_published_tier(demo_build):
    compared = _check_report(demo_build, "demo")
    assert set(compared) == {"R5P", "RNE", "ROC"}
    assert all(count > 500 for count in compared.values()), compared


def test_a_suppressed_figure_shows_as_suppressed_with_its_reason(demo_build):
    database = published_database(demo_build.publish_dir)
    with duckdb.connect(str(database), read_only=True) as con:
        # the published tier gives one public phrase for every withheld figure (spec §6.5, issue 14)
        year, measure, breakdown, group, reason = con.execute(
            "select reporting_year, measure, breakdown, ethnic_group, suppression_reason from published.wres_indicators "
            "where org_code = 'R5P' and indicator = 1 and is_suppressed and measure = 'headcount' "
            "order by reporting_year desc, breakdown, ethnic_group limit 1"
        ).fetchone()
    assert reason == "suppressed to protect small numbers"
    with ChromiumSession(find_chromium()) as browser:
        browser.load(demo_build.report_dir / page_file("R5P"))
        found = json.loads(browser.evaluate(
            f"""JSON.stringify((() => {{
                const span = document.querySelector('span.fig[data-key="{year}|1|{measure}|{breakdown}|{group}"][data-field="value"]');
                const table = span.closest('.table-wrap');
                const mark = span.querySelector('sup.mark').textContent;
                const note = Array.from(table.querySelectorAll('.table-notes li')).find(li => li.querySelector('sup').textContent === mark);
                return [span.dataset.state, span.textContent.trim(), note.textContent.trim()];
            }})())"""
        ))
    state, text, note = found
    assert state == "suppressed" and text.startswith("suppressed") and "0" not in text
    assert note.endswith(reason), note


def test_narrative_is_placed_under_the_figures_and_cannot_inject_html(demo_build):
    html = (demo_build.report_dir / page_file("R5P")).read_text(encoding="utf-8")
    narrative = html[html.index('id="narrative"'):]
    assert "<h2>Our action plan</h2>" in narrative or "Our action plan" in narrative
    assert "<strong>halve</strong>" in narrative and "<ol>" in narrative
    assert "<script" not in html and 'onclick="' not in html  # shown as text, never as markup
    assert "&lt;script&gt;" in narrative
    assert 'href="javascript:' not in narrative and 'href="https://example.org/wres"' in narrative
    assert html.index('id="indicator-9"') < html.index('id="narrative"')
    other = (demo_build.report_dir / page_file("RNE")).read_text(encoding="utf-8")
    assert "No narrative or action plan has been added for RNE" in other


def test_demo_return_workbooks_equal_the_marts(demo_build):
    assert _check_return(demo_build) > 9 * 200
    readme = (demo_build.return_dir / "README.txt").read_text()
    assert "not for publication" in readme and "not the publication folder" in readme


def test_report_and_return_on_landing_data_never_seen(unseen):
    """A different seed, organisation count and year range from the demo data (the session's
    `unseen` build, conftest.py): every figure on each page equals the published tier and every
    figure of each workbook equals the marts. The pages are printed by two Chromium
    tabs at once, as at scale (WRES_REPORT_WORKERS=2)."""
    run_settings = unseen["second"]
    compared = _check_report(run_settings, "unseen")
    assert len(compared) == 2
    assert _check_return(run_settings) > 0
    assert any("WRES report (from the published tier)" in line for line in unseen["second_output"])


def test_a_rerun_reprints_only_the_page_that_changed(demo_build, tmp_path):
    """`wres report` again on the same publication rewrites and reprints nothing; after one
    organisation's narrative is added, only that organisation's page and PDF are written again."""
    report, narratives = tmp_path / "report", tmp_path / "narratives"
    first = build_report(demo_build.publish_dir, report, narratives)
    assert set(first.pdfs) == {"R5P", "RNE", "ROC"}

    def stamps(result):
        return {code: (path.stat().st_mtime_ns, result.pdfs[code].stat().st_mtime_ns) for code, path in result.pages.items()}

    before = stamps(first)
    assert stamps(build_report(demo_build.publish_dir, report, narratives)) == before
    year = read_publication(demo_build.publish_dir).organisations["RNE"].years[0]
    (narratives / "RNE").mkdir(parents=True)
    (narratives / "RNE" / f"{year}.md").write_text("# Our plan\n\nReverse mentoring for every board member.\n", encoding="utf-8")
    third = build_report(demo_build.publish_dir, report, narratives)
    after = stamps(third)
    assert {code for code in after if after[code] != before[code]} == {"RNE"}
    assert all(new > old for new, old in zip(after["RNE"], before["RNE"]))
    assert "Reverse mentoring for every board member" in "".join(pdf_pages(third.pdfs["RNE"]))
    check_pdf(third.pdfs["RNE"], "RNE")


def test_printing_leaves_utf8_checks_to_the_json_parser(demo_build, monkeypatch):
    """websocket-client's UTF-8 check runs in pure Python, byte by byte: on ~1 MB of base64 per PDF
    it cost more CPU than Chromium's printing. The session turns it off (json.loads still parses)."""
    import websocket._abnf as abnf

    checked: list[int] = []
    original = abnf.validate_utf8
    monkeypatch.setattr(abnf, "validate_utf8", lambda data: checked.append(len(data)) or original(data))
    with ChromiumSession(find_chromium(), watch=False) as browser:
        pdf = browser.print_pdf(demo_build.report_dir / page_file("ROC"))
    assert pdf.startswith(b"%PDF") and checked == []


def _renderer_memory_mib(browser: ChromiumSession) -> int:
    """The proportional set size of the browser's renderer processes (the pages): the descendants
    of the browser process, from /proc (Chromium rewrites its command line into one string)."""
    from pathlib import Path

    parents = {}
    for process in Path("/proc").iterdir():
        if process.name.isdigit():
            try:
                parents[int(process.name)] = int((process / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # a process that ended meanwhile
    family = {browser.process.pid}
    while True:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        if not more:
            break
        family |= more
    total = 0
    for pid in family:
        try:
            if b"--type=renderer" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                continue
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total // 1024


def test_printing_many_pages_does_not_grow_the_renderer(demo_build):
    """A national run prints one page per organisation (215) through the same tabs. Headless
    Chromium does not collect a page's JavaScript heap by itself after navigating away, so each
    report page left about 50 MB behind (measured: 156 MB after the first page, 1,175 MB after 22),
    towards 10 GB for a national run. After printing 12 pages, the renderer must hold no more than
    it did after the third and some slack."""
    page = demo_build.report_dir / page_file("ROC")
    with ChromiumSession(find_chromium(), watch=False) as browser:
        for _ in range(3):
            browser.print_pdf(page)
        settled = _renderer_memory_mib(browser)
        for _ in range(9):
            browser.print_pdf(page)
        grown = _renderer_memory_mib(browser) - settled
    assert settled > 0, "no renderer process found: the measurement is wrong"
    assert grown < 150, f"the renderer grew by {grown} MiB over 9 pages"
