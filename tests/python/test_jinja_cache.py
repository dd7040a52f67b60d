"""The compiled-Jinja cache (wres/jinja_cache.py): the same rendering as without it, one compilation
per source and environment, kept across processes in the target folder, and harmless when broken."""

from __future__ import annotations

import jinja2
import pytest
from dbt_common.clients import jinja as dbt_jinja

from wres import jinja_cache

TEMPLATE = """{%- set seen = [] -%}{%- for n in names -%}{%- do seen.append(n | upper) -%}{%- endfor -%}
{{ seen | join(', ') }}{% if missing is defined %}!{% endif %}"""


@pytest.fixture
def cache(monkeypatch):
    """The cache installed, emptied, and every compilation of the original jinja2 counted."""
    jinja_cache.install()
    monkeypatch.setattr(jinja_cache, "_code", {})
    monkeypatch.setattr(jinja_cache, "_loaded_from", set())
    monkeypatch.setattr(jinja_cache, "_unsaved", False)
    compiled = []
    generate = jinja2.Environment._generate

    def counting_generate(self, source, name, filename, defer_init=False):
        compiled.append(type(self).__name__)
        return generate(self, source, name, filename, defer_init=defer_init)

    monkeypatch.setattr(jinja2.Environment, "_generate", counting_generate)
    return compiled


def render(source: str, native: bool = False, **context):
    return dbt_jinja.get_template(source, {}, native=native).render(context)


def test_a_source_is_compiled_once_and_renders_as_without_the_cache(cache):
    first = render(TEMPLATE, names=["a", "b"])
    second = render(TEMPLATE, names=["c"], missing=1)
    assert (first, second) == ("A, B", "C!")
    assert cache == ["MacroFuzzEnvironment"]  # the second template came from the cache
    render(TEMPLATE + " ", names=[])  # another source: compiled
    assert len(cache) == 2


def test_the_native_environment_does_not_share_the_text_environments_code(cache):
    # the two classes generate different code (jinja2.nativetypes' code generator): not shared
    assert render("{{ [1, 2] }}") == render("{{ [1, 2] }}", native=True) == "[1, 2]"
    assert cache == ["MacroFuzzEnvironment", "NativeSandboxEnvironment"]


def test_another_filter_set_compiles_again(cache):
    environment = dbt_jinja.get_environment()
    environment.filters["shout"] = lambda value: f"{value}!"
    assert environment.from_string("{{ 'a' | shout }}").render({}) == "a!"
    # the same source where the filter is unknown: compiled again, and fails as jinja does
    with pytest.raises(jinja2.TemplateSyntaxError):
        dbt_jinja.get_environment().from_string("{{ 'a' | shout }}")
    assert len(cache) == 2


def test_a_source_that_does_not_compile_raises_and_is_not_kept(cache):
    with pytest.raises(Exception, match="Expected an expression"):
        render("{% if %}")
    assert jinja_cache._code == {}


def test_the_code_is_kept_in_the_target_folder_for_the_next_process(cache, tmp_path, monkeypatch):
    assert render(TEMPLATE, names=["x"]) == "X"
    jinja_cache.save(tmp_path)
    assert (tmp_path / jinja_cache.CACHE_FILE).is_file()
    # the next process: an empty cache that reads the folder
    monkeypatch.setattr(jinja_cache, "_code", {})
    monkeypatch.setattr(jinja_cache, "_loaded_from", set())
    jinja_cache.load(tmp_path)
    assert render(TEMPLATE, names=["y"]) == "Y"
    assert cache == ["MacroFuzzEnvironment"]  # compiled by the first process only


@pytest.mark.parametrize("content", [b"", b"not a header\n", b"garbage", None])
def test_a_damaged_or_foreign_cache_file_costs_a_compilation(cache, tmp_path, content):
    path = tmp_path / jinja_cache.CACHE_FILE
    if content is None:  # the right header, a truncated body
        content = jinja_cache._file_header().encode() + b"\n\xfb\x00"
    path.write_bytes(content)
    jinja_cache.load(tmp_path)
    assert render(TEMPLATE, names=["z"]) == "Z"
    assert cache == ["MacroFuzzEnvironment"]
