"""The docs say what the code does: the CLI reference is generated and current, every command
and option is in it, the library guide's examples run, and README stays a front page."""

from __future__ import annotations

import os
import re

import pytest
import typer

from cli import docs
from cli.app import app

from .conftest import REPO, run_cli

REFERENCE = REPO / "docs" / "cli-reference.md"
REGENERATE = "run `python -m cli.docs > docs/cli-reference.md` and commit the result"


@pytest.fixture(scope="module")
def reference() -> str:
    return REFERENCE.read_text()


def _section(text: str, command: str) -> str:
    match = re.search(rf"^## triage {command}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"docs/cli-reference.md has no section for `triage {command}`: {REGENERATE}"
    return match.group(1)


def test_every_command_and_option_is_in_the_cli_reference(reference):
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        section = _section(reference, name)
        for param in command.params:
            for opt in [*param.opts, *param.secondary_opts]:
                if param.param_type_name == "option":
                    assert re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", section), \
                        f"`triage {name} {opt}` is not in docs/cli-reference.md: {REGENERATE}"


def test_cli_reference_is_current(reference):
    assert docs.reference() == reference, f"docs/cli-reference.md is out of date: {REGENERATE}"


def test_help_examples_stay_on_one_line_so_they_paste():
    """Each example command in a command's --help is printed whole on one line at 80 columns: an
    example whose trailing comment wrapped put the comment's last words on a line of their own, which
    a shell pasted into runs as a command (`stories`)`, `spreadsheet`)."""
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        examples = [" ".join(line.split()) for line in (command.epilog or "").splitlines()
                    if line.strip().startswith(("triage ", "curl ", "echo "))]
        assert examples, f"`triage {name} --help` shows no example"
        shown = run_cli(name, "--help", env={"COLUMNS": "80"})
        assert shown.returncode == 0, shown.stderr
        lines = {" ".join(line.split()) for line in shown.stdout.splitlines()}
        for example in examples:
            assert example in lines, f"`triage {name} --help` wraps its example `{example}` at 80 columns"


def test_the_command_list_cuts_no_summary():
    """`triage --help` lists every command with a whole sentence at 80 columns, not one Click cut
    with "..." ("The dated events the articles report, one row per event,...")."""
    shown = run_cli("--help", env={"COLUMNS": "80"})
    listing = shown.stdout.partition("Commands:")[2]
    group = typer.main.get_command(app)
    assert shown.returncode == 0 and all(f"  {name} " in listing for name in group.commands)
    assert "..." not in listing, listing


def test_every_exported_name_is_documented():
    """The library's public face: each name `corpus_tools` exports has a docstring of its own (not the
    signature a dataclass gets), and docs/library.md names it."""
    import inspect

    import corpus_tools
    guide = (REPO / "docs" / "library.md").read_text()
    for name in corpus_tools.__all__:
        assert re.search(rf"`[^`]*\b{re.escape(name)}\b", guide), f"docs/library.md does not name {name}"
        if name == "__version__":
            continue
        doc = inspect.getdoc(getattr(corpus_tools, name)) or ""
        assert doc and not doc.startswith(f"{name}("), f"corpus_tools.{name} has no docstring of its own"


def _python_blocks(path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(), re.S)


def test_library_guide_examples_run(tmp_path, monkeypatch):
    """Each ```python block of docs/library.md, in order, in one namespace, from a fresh folder
    holding a copy of the sample corpus (the examples' `assert`s are part of the test)."""
    blocks = _python_blocks(REPO / "docs" / "library.md")
    assert len(blocks) >= 4
    (tmp_path / "sample_corpus").symlink_to(REPO / "sample_corpus")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRIAGE_DB", raising=False)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/library.md", "exec"), namespace)
    assert (tmp_path / "news.db").exists()


def test_readme_is_a_front_page():
    readme = (REPO / "README.md").read_text()
    assert len(readme.splitlines()) <= 200
    assert "pip install . && triage ingest sample_corpus && triage timeline" in readme
    assert "pip install -e '.[test]' && pytest" in readme
    for target in re.findall(r"\]\(((?:docs/|benchmarks/|BENCHMARKS|LICENSE)[^)#]*)", readme):
        assert (REPO / target).exists(), f"README links to a missing {target}"
    for page in ("docs/cli-reference.md", "docs/library.md", "docs/reliability.md"):
        assert page in readme, f"README does not link {page}"
    assert os.path.exists(REPO / "docs" / "reliability.md")


@pytest.mark.parametrize("command", ["timeline --limit 5", "stories --format csv",
                                     "dates sample_corpus/001_175bf339afc62747.txt"])
def test_readme_shows_what_the_commands_print(command, seeded_db):
    """README's examples are real output: each block `$ triage COMMAND` is what COMMAND prints
    on the sample corpus (at the 100 columns the README is written for)."""
    from .conftest import run_cli
    readme = (REPO / "README.md").read_text()
    match = re.search(rf"^\$ triage {re.escape(command)}\n(.*?)^```", readme, re.S | re.M)
    assert match, f"README has no example of `triage {command}`"
    args = command.split()
    proc = run_cli(*args, db=None if args[0] == "dates" else seeded_db, env={"COLUMNS": "100"})
    assert proc.returncode == 0, proc.stderr
    assert [line.rstrip() for line in proc.stdout.splitlines()] == \
        [line.rstrip() for line in match.group(1).splitlines()], f"README's `triage {command}` is out of date"


def _layout_paths() -> list[str]:
    """The paths the Layout block of docs/development.md names: one entry a line, two spaces of
    indentation a folder level (lines indented 16 or more continue the description above)."""
    text = (REPO / "docs" / "development.md").read_text()
    match = re.search(r"^## Layout\n.*?^```\n(.*?)^```", text, re.S | re.M)
    assert match, "docs/development.md has no ```-block under ## Layout"
    paths, folders = [], []
    for line in match.group(1).splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if not line.strip() or indent >= 16:
            continue
        assert indent % 2 == 0, f"docs/development.md Layout: odd indentation in {line!r}"
        name = line.split()[0]
        folders = folders[:indent // 2]
        paths.append("".join(folders) + name)
        if name.endswith("/"):
            folders.append(name)
    return paths


def test_development_layout_names_every_module_and_nothing_gone():
    """A newcomer finds where a thing happens from the Layout block: every module and package of
    corpus_tools/ and cli/ has its line, and every line names a path that exists."""
    named = set(_layout_paths())
    for path in named:
        assert (REPO / path.rstrip("/")).exists(), f"docs/development.md Layout names {path}, which is gone"
    missing = []
    for top in ("corpus_tools", "cli"):
        for path in sorted((REPO / top).rglob("*.py")):
            relative = path.relative_to(REPO).as_posix()
            if path.name == "__init__.py":
                relative = relative[:-len("__init__.py")]  # a package: its folder's line
                if relative == f"{top}/":
                    continue
            if relative not in named:
                missing.append(relative)
    assert not missing, f"docs/development.md Layout has no line for {', '.join(missing)}: add one line each"


def _where_entries() -> list[tuple[str, str]]:
    """(path, the name it is followed by or "") for each file the "Where does X happen" table of
    docs/development.md points to: `clean/classify.py` (`_judge` …) gives ("corpus_tools/clean/classify.py",
    "_judge"). A file named alone is under corpus_tools/, else in the folder of the path named before it
    (`store/` (`__init__.py`, …), `cli/commands/<command>.py` (… `articles.py`)); where neither has it, the
    first is given (and the test fails on it)."""
    text = (REPO / "docs" / "development.md").read_text()
    match = re.search(r"^## Where does X happen\n(.*?)^## ", text, re.S | re.M)
    assert match, "docs/development.md has no section ## Where does X happen"
    entries = []
    for line in match.group(1).splitlines():
        if not line.startswith("| ") or " | " not in line:
            continue
        folder = ""
        for found in re.finditer(r"`([\w/<>]+(?:/|\.py|\.toml))`(?: \(`([A-Za-z_][\w.]*)`)?", line.split(" | ", 1)[1]):
            path, name = found[1], found[2] or ""
            if name.endswith((".py", ".toml")):  # a folder, then the first of its files
                path, name = path + name, ""
            elif "/" not in path and not (REPO / "corpus_tools" / path).exists():
                path = folder + path
            folder = path[:path.rindex("/") + 1] if "/" in path else ""
            if not path.endswith("/") and "<" not in path:
                entries.append((path if path.startswith("cli/") else f"corpus_tools/{path}", name))
    return entries


def test_where_does_x_happen_points_to_real_places():
    """The table a newcomer reads to find where a behaviour lives: each file it names exists, and the
    function or class named first after it, `path` (`name`), is defined in that file."""
    entries = _where_entries()
    assert len(entries) > 40
    for path, name in entries:
        source = REPO / path
        assert source.exists(), f"docs/development.md 'Where does X happen' names {path}, which is gone"
        if name and path.endswith(".py"):
            last = name.split(".")[-1]
            defined = rf"^\s*(?:def|class)\s+{re.escape(last)}\b|^\s*{re.escape(last)}\s*[:=]"
            assert re.search(defined, source.read_text(), re.M), \
                f"docs/development.md 'Where does X happen' names {name} in {path}, which defines no such thing"


def _readme_example(command: str) -> list[str]:
    readme = (REPO / "README.md").read_text()
    match = re.search(rf"^\$ triage {re.escape(command)}\n(.*?)^```", readme, re.S | re.M)
    assert match, f"README has no example of `triage {command}`"
    return [line.rstrip() for line in match.group(1).splitlines()]


def test_readme_clean_explain_example_is_real_output_with_long_lines_cut():
    """README's `triage clean --explain` block is the real output: each line shown is a line of it
    (a line ending in … is one cut short), in order, consecutive except across a line `…`."""
    from .conftest import run_cli
    command = "clean --explain sample_corpus/003_15edf630a0e2ea7e.txt"
    shown = _readme_example(command)
    proc = run_cli(*command.split(), env={"COLUMNS": "100"})
    assert proc.returncode == 0, proc.stderr
    real = [line.rstrip() for line in proc.stdout.splitlines()]
    position, gap = 0, False
    for line in shown:
        if line == "…":
            gap = True
            continue
        cut = line.endswith("…")
        found = [i for i in range(position, len(real))
                 if (real[i].startswith(line[:-1]) and len(real[i]) > len(line) - 1 if cut else real[i] == line)]
        assert found, f"README's `triage {command}` shows {line!r}, which it does not print (in this order)"
        assert gap or found[0] == position, f"README's `triage {command}` leaves lines out before {line!r} with no …"
        position, gap = found[0] + 1, False


def test_readme_ingest_example_is_real_output(tmp_path, monkeypatch):
    """README's `triage ingest sample_corpus` block is what a first ingest prints (on stderr),
    into the default store of a fresh folder."""
    from .conftest import run_cli
    (tmp_path / "sample_corpus").symlink_to(REPO / "sample_corpus")
    monkeypatch.delenv("TRIAGE_DB", raising=False)
    proc = run_cli("ingest", "sample_corpus", env={"COLUMNS": "100"}, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [line.rstrip() for line in proc.stderr.splitlines()] == _readme_example("ingest sample_corpus"), \
        "README's `triage ingest sample_corpus` is out of date"
