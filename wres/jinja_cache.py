"""Keep dbt's compiled Jinja between nodes, commands and runs (issue 13: the small trust's fixed cost).

dbt renders every model's and test's SQL from its Jinja source when it runs the node: Jinja parses
the source, generates Python from it and compiles that Python (``Environment.compile``), each
time, for every node of every build, although a node's source rarely changes. The result, a code
object, depends only on the source and on the environment that compiled it (its class, extensions,
filters, tests and syntax settings), never on the values rendered into it: the compiled template
looks those up when it renders. So the code objects are kept in this process, under a digest of
the source and the environment, and written with ``marshal`` into dbt's target folder
(``wres_jinja_code.marshal``) for the next process. Jinja's own bytecode cache does the same for
templates loaded by name, never for ``from_string``, which is how dbt makes templates.

A template that does not compile raises as before (nothing is kept for it); a damaged or foreign
cache file costs a compilation, never a run.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from types import CodeType

CACHE_FILE = "wres_jinja_code.marshal"  # in the dbt target folder, beside the parsed project
CACHE_FORMAT = 1  # raised when the way the code is kept changes
_MAX_FILE_ENTRIES = 20_000  # a project this size has ~1,000 sources; more means stale sources pile up

_code: dict[str, CodeType] = {}  # digest -> code object (this process)
_unsaved = False
_loaded_from: set[Path] = set()
_installed = False


def install() -> None:
    """Route dbt's Jinja compilation (every dbt environment class) through the cache. Idempotent."""
    global _installed
    if _installed:
        return
    import jinja2

    original = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):  # noqa: A001 -- jinja's name
        if raw or not isinstance(source, str) or not _is_cacheable(self):
            return original(self, source, name, filename, raw, defer_init)
        key = _key(self, source, name, filename, defer_init)
        code = _code.get(key)
        if code is None:
            code = original(self, source, name, filename, raw, defer_init)
            _remember(key, code)
        return code

    jinja2.Environment.compile = compile
    _installed = True


def load(target_path: Path) -> None:
    """Add the code kept in a target folder to this process's cache (once per folder)."""
    path = Path(target_path) / CACHE_FILE
    if path in _loaded_from:
        return
    _loaded_from.add(path)
    try:
        with path.open("rb") as handle:
            if handle.readline().decode("ascii", "replace").strip() != _file_header():
                return
            kept = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        return
    if isinstance(kept, dict):
        for key, code in kept.items():
            if isinstance(key, str) and isinstance(code, CodeType):
                _code.setdefault(key, code)


def save(target_path: Path) -> None:
    """Write this process's cache into the target folder when it has code the file lacks.
    Written beside and renamed into place, so a concurrent run reads a whole file or none."""
    global _unsaved
    if not _unsaved:
        return
    path = Path(target_path) / CACHE_FILE
    kept = dict(list(_code.items())[-_MAX_FILE_ENTRIES:])
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            handle.write(_file_header().encode("ascii") + b"\n")
            marshal.dump(kept, handle)
        os.replace(temporary, path)
        _unsaved = False
    except (OSError, ValueError):
        temporary.unlink(missing_ok=True)


def _remember(key: str, code: CodeType) -> None:
    global _unsaved
    _code[key] = code
    _unsaved = True


def _is_cacheable(environment) -> bool:
    """Only the environments dbt makes (dbt_common.clients.jinja.get_environment), without a
    finalize function (the code would call it, the key does not describe it), and not while dbt's
    macro debugging (DBT_MACRO_DEBUGGING) wants each compiled source in the line cache."""
    from dbt_common.clients import jinja as dbt_jinja

    return (type(environment).__module__.startswith("dbt_common.") and environment.finalize is None
            and not dbt_jinja.MACRO_DEBUGGING)


def _file_header() -> str:
    from importlib.metadata import version

    return f"wres-jinja-code {CACHE_FORMAT}; jinja2 {version('jinja2')}; dbt-common {version('dbt-common')}; " \
           f"python {sys.version.split()[0]} {sys.implementation.cache_tag}"


def _key(environment, source: str, name, filename, defer_init: bool) -> str:
    """A digest of the source and of everything in the environment that changes the code compiled
    from it: the class (parser and code generator), the extensions, the filters and tests known
    when it compiles (by name and by what they are passed), and the syntax settings."""
    from jinja2.utils import _PassArg

    digest = hashlib.sha256()
    settings = (
        f"{type(environment).__module__}.{type(environment).__qualname__}",
        sorted(environment.extensions),
        sorted((filter_name, str(_PassArg.from_obj(f))) for filter_name, f in environment.filters.items()),
        sorted((test_name, str(_PassArg.from_obj(f))) for test_name, f in environment.tests.items()),
        environment.is_async, environment.optimized, environment.sandboxed,
        environment.block_start_string, environment.block_end_string, environment.variable_start_string,
        environment.variable_end_string, environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
        environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
        name, filename, defer_init,
    )
    digest.update(repr(settings).encode())
    digest.update(b"\0")
    digest.update(source.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
