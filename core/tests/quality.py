"""Quality checkers for HTML pages: the Nu HTML Checker (vnu.jar) for valid HTML, and
axe-core for accessibility in a real browser.

Both come from the npm registry as devDependencies (package.json, `make assets`) and are
read from node_modules; vnu.jar runs on the machine's Java (`make java`, Debian's
default-jre-headless). Nothing here reaches the network, and a missing tool is an error,
never a silent pass.

    errors = check_html({"/agreements/": response.content})
    assert not errors, format_html_errors(errors)

    violations = axe_violations(page)
    assert not violations, format_violations(violations)
"""

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings

AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
# One run checks every document; the JVM start is most of its time.
VNU_TIMEOUT_S = 300
JVM_OPTIONS = [
    "-Xss4m",  # vnu's schema needs a deep stack (it stops with a StackOverflowError otherwise)
    "-XX:TieredStopAtLevel=1",  # the quick compiler only: about twice as fast for short runs
]
VNU_FLAGS = [
    "--format",
    "json",
    "--errors-only",  # warnings and info messages are advice, not invalid HTML
    "--stdout",  # the JSON report on stdout (vnu writes it to stderr by default)
    "--html",  # always the HTML parser, which never fetches a DTD
]
# vnu fetches only what it is given as a URL: it is given local files, and a run over them
# opens no socket (the pages' stylesheets, scripts and images are not fetched either).

# Errors that are not errors for Accord: HTMX's hx-* attributes, which HTML does not define
# (data-hx-* would be valid), are how the pages ask for their fragments.
IGNORED = (re.compile(r"Attribute “hx-[^”]+” not allowed on element “[^”]+” at this point\."),)


class QualityToolMissing(RuntimeError):
    """A checker is not installed: the message says which `make` target installs it."""


def node_modules() -> Path:
    return Path(settings.BASE_DIR) / "node_modules"


def vnu_jar() -> Path:
    """vnu.jar, found through the vnu-jar package's own list of files."""
    package = node_modules() / "vnu-jar" / "package.json"
    if not package.is_file():
        raise QualityToolMissing(
            f"the npm package vnu-jar is not installed ({package} is missing): run `make assets`"
        )
    files = json.loads(package.read_text(encoding="utf-8")).get("files", [])
    jars = [name for name in files if name.endswith(".jar")]
    jar = package.parent / jars[0] if jars else None
    if jar is None or not jar.is_file():
        raise QualityToolMissing(f"vnu.jar is missing from {package.parent}: run `make assets`")
    return jar


def java() -> str:
    executable = shutil.which("java")
    if not executable:
        raise QualityToolMissing(
            "java is not installed, and the Nu HTML Checker needs it: run `make java` "
            "(apt-get install default-jre-headless)"
        )
    return executable


def check_html(
    documents: dict[str, str | bytes], ignore: tuple[re.Pattern, ...] = IGNORED
) -> dict[str, list[str]]:
    """Check HTML documents with one run of the Nu HTML Checker.

    `documents` maps a name (a URL, say) to the document, as text or as the bytes of a
    response. Returns {name: ["line N: message", ...]} for each document with errors; an
    empty dict when every document is valid. Messages that match a pattern of `ignore` are
    left out (by default HTMX's attributes; pass `ignore=()` to see them). Raises
    QualityToolMissing when java or vnu.jar is missing, and RuntimeError when vnu fails or
    cannot read a document.
    """
    if not documents:
        return {}
    command = [java(), *JVM_OPTIONS, "-jar", str(vnu_jar()), *VNU_FLAGS]
    with tempfile.TemporaryDirectory(prefix="accord-vnu-") as directory:
        names = {}
        for index, (name, document) in enumerate(documents.items()):
            path = Path(directory) / f"document-{index:04d}.html"
            path.write_bytes(document.encode() if isinstance(document, str) else document)
            names[path.name] = name
            command.append(str(path))
        try:
            # vnu writes UTF-8 whatever the locale.
            result = subprocess.run(
                command,
                capture_output=True,
                encoding="utf-8",
                errors="replace",
                timeout=VNU_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise RuntimeError(f"vnu did not finish in {VNU_TIMEOUT_S} s") from error
    # vnu exits 1 when it reports errors; anything else is vnu itself failing.
    if result.returncode not in (0, 1):
        raise RuntimeError(f"vnu failed (exit {result.returncode}): {result.stderr.strip()}")
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError) as error:
        raise RuntimeError(
            f"vnu gave no JSON report: {result.stdout.strip()} {result.stderr.strip()}"
        ) from error

    errors: dict[str, list[str]] = {}
    for message in messages:
        file_name = Path(unquote(urlparse(message.get("url", "")).path)).name
        if message.get("type") != "error" or file_name not in names:
            # A "non-document-error" (a file it could not read) is vnu failing.
            raise RuntimeError(f"vnu could not check a document: {message}")
        if any(pattern.fullmatch(message["message"]) for pattern in ignore):
            continue
        line = message.get("lastLine", message.get("firstLine", "?"))
        errors.setdefault(names[file_name], []).append(f"line {line}: {message['message']}")
    return errors


def format_html_errors(errors: dict[str, list[str]]) -> str:
    """check_html's result, one line per error, for an assertion message."""
    return "\n".join(
        f"{name}: {message}" for name, messages in errors.items() for message in messages
    )


def axe_violations(page, tags=AXE_TAGS) -> list[dict]:
    """Run axe-core on the page a Playwright (sync API) `page` is on, for the rules of the
    given tags. Returns the violations as [{"id", "impact", "help", "targets"}], where
    targets are the CSS selectors of the offending elements; an empty list when none.

    axe is injected as an inline script in every frame (axe waits for the frames it cannot
    reach); a page whose Content-Security-Policy forbids inline scripts needs a context
    opened with `bypass_csp=True`.
    """
    script = node_modules() / "axe-core" / "axe.min.js"
    if not script.is_file():
        raise QualityToolMissing(
            f"axe-core is not installed ({script} is missing): run `make assets`"
        )
    for frame in page.frames:
        frame.add_script_tag(path=str(script))
    if page.evaluate("typeof window.axe") != "object":
        raise RuntimeError("axe-core did not load in the page (a Content-Security-Policy?)")
    results = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})""", list(tags)
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [_selector(node["target"]) for node in violation["nodes"]],
        }
        for violation in results["violations"]
    ]


def _selector(target) -> str:
    """axe's target: a selector, or (inside frames and shadow roots) nested lists of them,
    outermost first."""
    if isinstance(target, str):
        return target
    return " >>> ".join(_selector(part) for part in target)


def format_violations(violations: list[dict]) -> str:
    """axe_violations' result, one line per violation, for an assertion message."""
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + ", ".join(violation["targets"])
        for violation in violations
    )
