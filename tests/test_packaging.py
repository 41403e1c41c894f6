"""What `pip install .` ships: every package, the CLI as `triage_cli` (never a top-level `cli`),
and one version. (A real non-editable install is checked by hand, see docs/development.md.)"""

from __future__ import annotations

import ast
import tomllib

from .conftest import REPO, run_cli

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())


def test_every_package_is_listed_and_cli_is_installed_as_triage_cli():
    setuptools = PYPROJECT["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"triage_cli": "cli"}
    listed = set(setuptools["packages"])
    on_disk = set()
    for folder, name in (("cli", "triage_cli"), ("corpus_tools", "corpus_tools")):
        for init in (REPO / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(REPO / folder).parts
            on_disk.add(".".join((name, *parts)))
    assert on_disk == listed, f"pyproject.toml [tool.setuptools] packages: add {on_disk - listed}, drop {listed - on_disk}"
    assert not any(p == "cli" or p.startswith("cli.") for p in listed)
    assert PYPROJECT["project"]["scripts"] == {"triage": "triage_cli.launch:main"}


def test_cli_modules_import_each_other_relatively():
    """Installed as `triage_cli`, an absolute `import cli.x` would fail."""
    for path in (REPO / "cli").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            assert not any(n == "cli" or n.startswith("cli.") for n in names), f"{path}:{node.lineno}"


def test_version_is_written_once():
    import corpus_tools
    assert "version" not in PYPROJECT["project"] and "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "corpus_tools.__version__"}
    assert run_cli("--version").stdout.strip() == f"triage {corpus_tools.__version__}"
    # the entry point answers `--version` before Typer is imported: the same as the app's own option
    from typer.testing import CliRunner

    from cli.app import app
    assert CliRunner().invoke(app, ["--version"]).stdout == run_cli("--version").stdout


def test_license_file_and_field():
    assert PYPROJECT["project"]["license"] == "MIT"
    assert (REPO / "LICENSE").read_text().startswith("MIT License")


def test_a_type_checker_sees_every_exported_name_typed():
    """`corpus_tools` loads its names on first use (a module `__getattr__` typed `-> object`), so a type
    checker saw `ct.ingest`, `ct.Store`... as `object` ("object" not callable) unless the package also
    imports them under `if TYPE_CHECKING:`, each from the module `_EXPORTS` names, re-exported (`X as X`);
    and it reads a package's types at all only if the package ships `py.typed` (PEP 561)."""
    import corpus_tools
    tree = ast.parse((REPO / "corpus_tools" / "__init__.py").read_text())
    blocks = [node for node in tree.body if isinstance(node, ast.If)
              and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"]
    assert len(blocks) == 1, "corpus_tools/__init__.py: no `if TYPE_CHECKING:` block importing the exported names"
    seen = {}
    for node in blocks[0].body:
        assert isinstance(node, ast.ImportFrom) and node.level == 1, ast.unparse(node)
        for alias in node.names:
            assert alias.asname == alias.name, f"`{alias.name}` is not re-exported as itself (`X as X`)"
            seen[alias.name] = node.module or alias.name
    assert seen == corpus_tools._EXPORTS
    assert (REPO / "corpus_tools" / "py.typed").exists()
    assert "py.typed" in PYPROJECT["tool"]["setuptools"]["package-data"]["corpus_tools"]
