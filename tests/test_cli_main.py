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
