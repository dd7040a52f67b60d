"""The last stage of a successful `wres run`: the report (from the publication just written) and
the return (from the build database's marts). Also what `wres report` and `wres return` call."""

from __future__ import annotations

import threading

from wres.report.build import build_report
from wres.report.published import ReportError
from wres.submission_return import build_return


def write_report(settings, say=print, pdf: bool = True) -> dict:
    result = build_report(settings.publish_dir, settings.report_dir, settings.narrative_dir, pdf=pdf)
    say(f"WRES report (from the published tier) in {result.report_dir}")
    say(f"    {result.index.name:<34}index of the {len(result.pages)} organisation page(s)")
    say(f"    {'wres-report-<org>.html':<34}one self-contained page per organisation")
    if result.pdfs:
        say(f"    {'wres-report-<org>.pdf':<34}the same page printed (A4) by headless Chromium")
    elif result.pdf_skipped:
        say(f"    PDF not printed: {result.pdf_skipped}")
    say(f"    narratives and action plans read from {settings.narrative_dir}/<org>/<year>.md")
    say(f"    written in {result.seconds:.1f} s")
    return {"report_dir": str(result.report_dir), "pages": len(result.pages), "pdfs": len(result.pdfs),
            "pdf_skipped": result.pdf_skipped, "seconds": round(result.seconds, 2)}


def write_return(settings, say=print) -> dict:
    result = build_return(settings.database, settings.return_dir, settings.publish_dir)
    say(f"Data-collection return (exact figures from the marts; NOT for publication) in {result.return_dir}")
    say(f"    {'<org>_<year>/wres-return-<org>-<year>.xlsx':<44}{len(result.workbooks)} workbook(s), and one CSV per block beside each"
        f" ({result.seconds:.1f} s)")
    return {"return_dir": str(result.return_dir), "workbooks": len(result.workbooks), "seconds": round(result.seconds, 2)}


class Deliverables:
    """The run's last stage, the report started early: printing its PDFs is Chromium's work, in
    processes of their own, so the run's process writes the return (and the dbt docs before it)
    meanwhile instead of waiting. Their messages come out in the order of one after the other:
    the report's, then the return's."""

    def __init__(self, settings):
        self.settings = settings
        self._report_lines: list[str] = []
        self._report: dict = {}
        self._thread: threading.Thread | None = None

    def start(self) -> "Deliverables":
        if self.settings.write_deliverables and self._thread is None:
            self._thread = threading.Thread(target=self._write_report, name="wres-report", daemon=False)
            self._thread.start()
        return self

    def _write_report(self) -> None:
        try:
            self._report["record"] = write_report(self.settings, self._report_lines.append)
        except ReportError as error:
            self._report["error"] = error
        except BaseException as error:  # noqa: BLE001 -- raised again in the run's thread by finish()
            self._report["defect"] = error

    def finish(self, say=print) -> dict:
        """Write the return, wait for the report; a failure is reported in one line and leaves the
        publication as it is. Anything else the report raised is raised here, as it was inline."""
        if not self.settings.write_deliverables:
            say("    skipped (--no-report / WRES_REPORT=off)")
            return {"ok": True, "skipped": True}
        self.start()
        return_lines: list[str] = []
        try:
            returned: dict = {"record": write_return(self.settings, return_lines.append)}
        except ReportError as error:
            returned = {"error": error}
        except BaseException as error:  # noqa: BLE001 -- raised once the report's lines are out
            returned = {"defect": error}
        self._thread.join()
        record: dict = {"ok": True}
        for name, outcome, lines in (("report", self._report, self._report_lines), ("return", returned, return_lines)):
            for line in lines:
                say(line)
            if "defect" in outcome:
                raise outcome["defect"]
            if "error" in outcome:
                record["ok"] = False
                record[name] = {"error": str(outcome["error"])}
                say(f"    the {name} was not written: {outcome['error']}")
            else:
                record[name] = outcome["record"]
        return record


def deliverables_stage(settings, say=print) -> dict:
    """Write both; a failure is reported in one line and leaves the publication as it is."""
    return Deliverables(settings).finish(say)
