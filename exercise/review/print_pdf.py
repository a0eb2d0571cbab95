"""The print pack as PDF, through WeasyPrint: an optional extra (`pip install 'exercise[pdf]'`),
so that the HTML pack, which any browser prints, needs nothing beyond the core install."""

from __future__ import annotations

import logging
from types import ModuleType

INSTALL = "pip install 'exercise[pdf]'"


class PdfUnavailable(Exception):
    """WeasyPrint cannot be used here; the message says why and how to get it."""


def weasyprint() -> ModuleType:
    """The weasyprint module, or PdfUnavailable naming the package and how to install it."""
    try:
        import weasyprint as module
    except ImportError:
        raise PdfUnavailable(
            f"writing PDF needs the weasyprint package, which is not installed: {INSTALL} "
            "(or write .html and print it from a browser)"
        ) from None
    except OSError as exc:  # installed, but the system's Pango (which it draws text with) is not
        raise PdfUnavailable(
            f"weasyprint is installed but cannot load the Pango library it needs ({exc}); "
            "install Pango (see WeasyPrint's installation notes), or write .html"
        ) from None
    return module


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document (it names no file or URL to fetch)."""
    module = weasyprint()
    # WeasyPrint logs each CSS rule it skips as a warning: noise on a command's one-line output.
    log = logging.getLogger("weasyprint")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        pdf = module.HTML(string=html).write_pdf()
    finally:
        log.setLevel(level)
    assert isinstance(pdf, bytes)
    return pdf
