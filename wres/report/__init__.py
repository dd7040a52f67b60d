"""The trust's deliverables: the WRES report (HTML and PDF, from the published tier).

The data-collection return (xlsx, from the internal marts) is wres.submission_return.
"""
