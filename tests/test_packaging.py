"""What pyproject.toml and MANIFEST.in declare: lower bounds the code runs on, an sdist whose tests run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tomllib

import pytest

from .conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]


def _lowest(requirements: list[str], name: str) -> str:
    found = [re.fullmatch(rf"{re.escape(name)}\s*>=\s*([\d.]+)(,.*)?", r.split(";")[0].strip()) for r in requirements]
    bounds = [m.group(1) for m in found if m]
    assert len(bounds) == 1, f"no single {name}>= among {requirements}"
    return bounds[0]


@pytest.mark.parametrize("where, name, lowest, why", [
    ("dependencies", "scikit-learn", "1.6", "GroupKFold(shuffle=True): train, evaluate --cv, the linear thresholds"),
    ("dependencies", "regex", "2023.3.23", "2023.3.22 backtracks for hours on (a+)+$, which docs/schema.md says matches at once"),
    ("data", "datasets", "4.0", "datasets.List in Analysis.dataset_features"),
    ("transformers", "datasets", "4.0", "datasets.List in Analysis.dataset_features"),
    ("test", "click", "8.2", "the tests read CliRunner results' .stderr"),
])
def test_pyproject_lower_bounds_have_what_the_code_uses(where, name, lowest, why):
    from packaging.version import Version

    requirements = PROJECT["dependencies"] if where == "dependencies" else PROJECT["optional-dependencies"][where]
    assert Version(_lowest(requirements, name)) >= Version(lowest), why


def test_pyproject_declares_the_supported_pythons_and_ships_py_typed():
    classifiers = set(PROJECT["classifiers"])
    assert {"Programming Language :: Python :: 3.11", "Programming Language :: Python :: 3.12",
            "Operating System :: OS Independent", "Typing :: Typed"} <= classifiers
    assert any(c.startswith("Development Status :: ") for c in classifiers)
    assert (ROOT / "argmine" / "py.typed").is_file()


@pytest.mark.slow
def test_sdist_holds_what_the_tests_read_and_no_test_output(tmp_path):
    """The sdist (setuptools' defaults take tests/test_*.py only) has the conftest, the corpus, the gold and docs."""
    setuptools = pytest.importorskip("setuptools")
    from packaging.version import Version

    if Version(setuptools.__version__) < Version("77"):
        pytest.skip(f"setuptools {setuptools.__version__}: the build needs setuptools>=77 (pyproject's build-system)")
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv", ".git", "*.egg-info", "build", "dist", "out", "_work", ".pytest_cache", ".hypothesis", "__pycache__"))
    (src / "tests" / "artifacts").mkdir(exist_ok=True)  # what the browser tests write: not shipped
    (src / "tests" / "artifacts" / "report_timings.log").write_text("a test's output\n", "utf-8")
    # built in a child process, in the copy: setuptools reads the current folder and writes egg-info there
    out = subprocess.run([sys.executable, "-c", "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))",
                          str(tmp_path)], cwd=src, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    with tarfile.open(tmp_path / out.stdout.split()[-1]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert {"tests/__init__.py", "tests/conftest.py", "argmine/py.typed", "corpora/000_56ce5e623d6356aa.txt",
            "annotations/gold.jsonl", "annotations/guide_examples.jsonl", "docs/classify.md", "benchmarks/segment.py",
            "scripts/build_polarity.py", ".ci/run", "MANIFEST.in"} <= names
    assert {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").glob("test_*.py")} <= names
    assert not [n for n in names if n.startswith("tests/artifacts") or "__pycache__" in n or n.startswith(".venv")]


def test_linear_model_loads_with_the_safe_open_of_the_lowest_safetensors(monkeypatch, tmp_path):
    """pyproject allows safetensors 0.4, whose ``safe_open`` has ``keys``/``get_tensor``/``metadata`` but no
    ``get_tensors`` (added in 0.8): the packaged model must load through that smaller interface."""
    import safetensors
    import safetensors.numpy  # its load_file (the polarity model's reader) keeps the real safe_open: it is not ours

    from argmine.backends.linear import LinearBackend
    from argmine.classify import default_model_path, load_model

    assert _lowest(PROJECT["dependencies"], "safetensors") == "0.4"
    real = safetensors.safe_open

    class OldSafeOpen:
        def __init__(self, *args, **kwargs):
            self._f = real(*args, **kwargs)

        def __enter__(self):
            self._f.__enter__()
            return self

        def __exit__(self, *exc):
            return self._f.__exit__(*exc)

        def keys(self):
            return self._f.keys()

        def get_tensor(self, key):
            return self._f.get_tensor(key)

        def metadata(self):
            return self._f.metadata()

    monkeypatch.setattr(safetensors, "safe_open", OldSafeOpen)
    copy = shutil.copytree(default_model_path(), tmp_path / "model")  # a folder no earlier load has read
    model = load_model(copy)
    assert isinstance(model, LinearBackend)
    assert "privacy" in model.predict(["支付宝做社交，我担心隐私泄露，个人信息会被滥用。"])[0].themes
