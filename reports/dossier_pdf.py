"""The PDF of a briefing dossier: the dossier's data through an HTML template, laid out by
WeasyPrint on the system's Pango, which shapes Arabic (HarfBuzz) and orders it right to
left (FriBidi) in a document whose root says `dir="rtl" lang="ar"`.

The text is set in Amiri, from Debian's `fonts-hosny-amiri` (`make fonts`), loaded by
file path through `@font-face`: the renderer reads those font files and nothing else,
never the network (see `FontFetcher`). The classification is printed in the header and
the footer of every page by CSS page margin boxes.
"""

import logging
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import pgettext

from reports import dossier as data

FONT_PACKAGE = "fonts-hosny-amiri"
FONT_FAMILY = "Amiri"
FONT_FILES = {"normal": "Amiri-Regular.ttf", "bold": "Amiri-Bold.ttf"}
FONT_ROOTS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
STYLESHEET = Path(__file__).with_name("dossier_pdf.css")

_found: dict[str, Path] = {}

# WeasyPrint logs each step of each rendering at INFO: not worth a line of the server's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class FontMissing(RuntimeError):
    """The Arabic font the PDF is set in is not installed on this server."""

    def __init__(self):
        super().__init__(
            f"The {FONT_FAMILY} font is not installed: run `make fonts` "
            f"(apt-get install {FONT_PACKAGE})."
        )


def font_files() -> dict[str, Path]:
    """The font files by weight, found once under the system's font folders. Raises
    FontMissing when they are not there (a miss is not remembered: installing the package
    is enough, without a restart)."""
    if not _found:
        found = {}
        for root in FONT_ROOTS:
            for weight, name in FONT_FILES.items():
                if weight not in found:
                    match = next(iter(sorted(root.rglob(name))), None) if root.is_dir() else None
                    if match is not None:
                        found[weight] = match.resolve()
        if len(found) < len(FONT_FILES):
            raise FontMissing
        _found.update(found)
    return dict(_found)


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class FontFetcher(URLFetcher):
        """Lets WeasyPrint read the dossier's font files and nothing else: no http(s), no
        other file, whatever a template or a record's text might ask for."""

        def __init__(self, allowed):
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.allowed = {Path(path).resolve() for path in allowed}

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = Path(url2pathname(parts.path)).resolve() if parts.scheme == "file" else None
            if path is None or path not in self.allowed:
                raise ValueError(f"The dossier does not load {url}")
            return super().fetch(url, headers)

    return FontFetcher


def css_string(text: str) -> str:
    """`text` as a CSS string literal (for the page margin boxes)."""
    text = " ".join(str(text).split())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_css(dossier: data.Dossier, fonts: dict[str, Path]) -> str:
    """The parts of the stylesheet that depend on the dossier: the fonts' files, and the
    classification and the subject in the page's margins, mirrored for Arabic."""
    start, end = ("right", "left") if dossier.rtl else ("left", "right")
    direction = "rtl" if dossier.rtl else "ltr"
    label = css_string(dossier.classification_label)
    page = css_string(pgettext("page number", "Page"))
    of = css_string(pgettext("page number", "of"))
    subject = css_string(dossier.subject[:80])
    faces = "\n".join(
        f"@font-face {{ font-family: {FONT_FAMILY!r}; font-weight: {weight}; "
        f"src: url({css_string(path.as_uri())}); }}"
        for weight, path in fonts.items()
    )
    margin = f"font-family: {FONT_FAMILY!r}; direction: {direction};"
    return f"""{faces}
html {{ font-family: {FONT_FAMILY!r}; }}
@page {{
  @top-center {{ content: {label}; {margin} }}
  @top-{start} {{ content: {subject}; {margin} }}
  @bottom-center {{ content: {label}; {margin} }}
  @bottom-{end} {{ content: {page} " " counter(page) " " {of} " " counter(pages); {margin} }}
}}
@page :first {{ @top-{start} {{ content: none; }} }}
"""


def render(dossier: data.Dossier) -> bytes:
    """The dossier as a PDF document."""
    from weasyprint import CSS, HTML

    fonts = font_files()
    fetcher = _fetcher_class()(fonts.values())
    with translation.override(dossier.language):
        html = render_to_string("reports/dossier_pdf.html", {"dossier": dossier})
        stylesheets = [
            CSS(filename=str(STYLESHEET), url_fetcher=fetcher),
            CSS(string=page_css(dossier, fonts), url_fetcher=fetcher),
        ]
        document = HTML(string=html, url_fetcher=fetcher)
        return document.write_pdf(stylesheets=stylesheets)
