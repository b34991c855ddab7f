"""The README documents every command and every option of the CLI."""

from __future__ import annotations

from pathlib import Path

import click

from assetpack.cli import main_group

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}".strip()
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
    return found


def test_every_command_and_option_is_in_the_readme():
    missing = []
    for path, command in _commands(main_group):
        if not isinstance(command, click.Group) and f"assetpack {path}" not in README:
            missing.append(f"command: assetpack {path}")
        for param in command.params:
            if not isinstance(param, click.Option):
                continue
            longest = max(param.opts, key=len)
            if longest.startswith("--") and longest not in README and longest != "--help":
                missing.append(f"option: assetpack {path} {longest}")
    assert not missing, "\n".join(missing)


def test_the_readme_examples_run(tmp_path, monkeypatch):
    import shlex

    from click.testing import CliRunner

    block = README.split("<!-- examples -->")[1].split("<!-- /examples -->")[0]
    commands = [line for line in block.splitlines() if line.startswith("assetpack ")]
    assert len(commands) >= 5
    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root)
    out = tmp_path / "out"
    for command in commands:
        args = shlex.split(command)[1:]
        args = [str(out) if a == "out" else a.replace("out/", f"{out}/") for a in args]
        result = CliRunner().invoke(main_group, args, catch_exceptions=False)
        assert result.exit_code == 0, (command, result.output)
