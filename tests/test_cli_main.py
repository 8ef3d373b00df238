"""``python -m argmine`` runs the command line, named ``argmine`` as the console script is."""

from __future__ import annotations

import subprocess
import sys


def test_python_dash_m_argmine_runs_the_command_line_under_its_own_name():
    r = subprocess.run([sys.executable, "-m", "argmine", "evaluate", "--help"], capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Usage: argmine evaluate [OPTIONS]")  # not "python -m argmine evaluate"
    bad = subprocess.run([sys.executable, "-m", "argmine", "evaluate", "--nope"], capture_output=True, text=True, encoding="utf-8")
    assert bad.returncode == 2 and "Try 'argmine evaluate --help' for help." in bad.stderr


def test_python_dash_m_argmine_is_the_command_for_its_signal_handling():
    code = "import argmine.cli._session as s, sys; print(s.THE_COMMAND)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip() == "False"  # a program importing argmine.cli keeps its own handlers
    r = subprocess.run([sys.executable, "-m", "argmine", "--version"], capture_output=True, text=True)
    assert r.returncode == 0
    from argmine.cli._session import is_the_command

    assert is_the_command(str(__import__("argmine").__path__[0]) + "/__main__.py")


def test_bare_argmine_prints_its_help_with_line_breaks():
    r = subprocess.run([sys.executable, "-m", "argmine"], capture_output=True, text=True, encoding="utf-8")
    assert "\\n" not in r.stdout + r.stderr and (r.stdout + r.stderr).startswith("Usage: argmine [OPTIONS] COMMAND")
    assert len((r.stdout + r.stderr).splitlines()) > 10
