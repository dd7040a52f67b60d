"""The last stage of a successful `wres run`: the report (from the publication just written) and
the return (from the build database's marts). Also what `wres report` and `wres return` call."""

from __future__ import annotations

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


def deliverables_stage(settings, say=print) -> dict:
    """Write both; a failure is reported in one line and leaves the publication as it is."""
    record: dict = {"ok": True}
    if not settings.write_deliverables:
        say("    skipped (--no-report / WRES_REPORT=off)")
        return {"ok": True, "skipped": True}
    for name, action in (("report", write_report), ("return", write_return)):
        try:
            record[name] = action(settings, say)
        except ReportError as error:
            record["ok"] = False
            record[name] = {"error": str(error)}
            say(f"    the {name} was not written: {error}")
    return record
