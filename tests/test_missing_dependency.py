"""An optional extra that is absent names the extra to install; one that is installed but fails to import says so,
with the reason, since installing the extra again would change nothing (QA round 39)."""

from __future__ import annotations

import sys

import pytest

import argmine
from argmine.errors import MissingDependency, missing_dependency


@pytest.fixture
def analysis():
    return argmine.analyze([argmine.Document("d", "支付宝做社交，我担心隐私。")], model="lexicon")


@pytest.fixture
def broken_datasets(tmp_path, monkeypatch):
    """A ``datasets`` that is installed but whose import fails (as with a pyarrow built for another NumPy)."""
    pkg = tmp_path / "datasets"
    pkg.mkdir()
    (pkg / "__init__.py").write_text('raise ImportError("numpy.core.multiarray failed to import")\n', "utf-8")
    for name in [m for m in sys.modules if m == "datasets" or m.startswith("datasets.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(tmp_path))


def test_an_installed_extra_that_fails_to_import_is_not_called_not_installed(analysis, broken_datasets):
    with pytest.raises(MissingDependency) as e:
        analysis.to_dataset()
    assert str(e.value) == (
        "this feature needs 'datasets', which is installed but cannot be imported "
        "(numpy.core.multiarray failed to import); repair that installation (pip check, or reinstall the package "
        "the reason names), then run again")


def test_dataset_features_without_datasets_gives_the_install_hint(analysis, monkeypatch):
    monkeypatch.setitem(sys.modules, "datasets", None)  # as if not installed: importing it fails
    with pytest.raises(MissingDependency, match=r"^this feature needs 'datasets', which is not installed; "
                                                r"run: pip install 'argmine\[data\]'$"):
        analysis.dataset_features()


def test_transformers_backend_without_datasets_names_it_and_the_extra(monkeypatch):
    from argmine.backends import transformers_backend

    monkeypatch.setitem(sys.modules, "datasets", None)
    with pytest.raises(MissingDependency, match=r"^this feature needs 'datasets' \(part of argmine\[transformers\]\), which is "
                                                r"not installed; run: pip install 'argmine\[transformers\]'$"):
        transformers_backend._require()


def test_a_module_the_package_needs_that_is_missing_counts_as_not_installed():
    cause = ModuleNotFoundError("No module named 'pyarrow_not_here'", name="pyarrow_not_here")
    assert str(missing_dependency("datasets", "data", cause)) == (
        "this feature needs 'pyarrow_not_here' (part of argmine[data]), which is not installed; run: pip install 'argmine[data]'")
