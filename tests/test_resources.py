"""assets/ and locales/ are found in a checkout and in a release that install.sh built."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk import resources


def test_a_checkout_finds_its_folders_beside_the_package():
    assert resources.project_folder("assets") == resources.CHECKOUT / "assets"
    assert (resources.project_folder("assets") / "fonts" / "NotoSans-Regular.ttf").is_file()


def test_an_installed_release_finds_them_in_its_src_folder(tmp_path: Path, monkeypatch):
    """install.sh pip-installs the package and keeps the sources in <release>/src."""
    release = tmp_path / "release"
    (release / "src" / "locales").mkdir(parents=True)
    monkeypatch.setattr(resources, "CHECKOUT", tmp_path / "site-packages")
    monkeypatch.setattr(sys, "prefix", str(release))
    assert resources.project_folder("locales") == release / "src" / "locales"
    assert resources.project_folder("assets") == tmp_path / "site-packages" / "assets"  # named in errors
