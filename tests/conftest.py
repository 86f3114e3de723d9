"""Shared fixtures."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from wzdata.study import settings as config

# Property tests run the same examples on every machine and have no time limit per
# example: a shared, loaded machine must not turn them red, and a failure can be rerun.
settings.register_profile("wzdata", deadline=None, derandomize=True)
settings.load_profile("wzdata")


# Both report variants, as a reader builds them: ``wzdata reports`` into the folder given.
_SITE_BUILD = (
    "import sys\n"
    "from wzdata.study.reports import cli\n"
    "args = ['--reports-dir', sys.argv[1], '-j', sys.argv[2], '-q']\n"
    "sys.exit(max(cli(args), cli([*args, '-p', 'lang', 'zh'])))\n"
)
_JOBS = min(2, os.cpu_count() or 1)  # as ``wzdata reports`` by default


def _uses_site(item: pytest.Item) -> bool:
    return "site" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests of the built reports go last: the reports are built while the others run."""
    items.sort(key=_uses_site)


class SiteBuild:
    """``wzdata reports`` of every notebook, in English and with ``-p lang zh``, in a process."""

    def __init__(self, folder: Path, jobs: int) -> None:
        self.out = folder / "site"
        self.out.mkdir()
        self.log = folder / "build.log"
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _SITE_BUILD, str(self.out), str(jobs)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )

    def wait(self) -> Path:
        """The folder of the reports, once built; fails the test when a report failed."""
        status = self.proc.wait(timeout=1800)
        assert status == 0, "reports failed:\n" + self.log.read_text(encoding="utf-8")
        return self.out

    def stop(self) -> None:
        """End the build if it still runs (it stops its workers and kernels on SIGTERM)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="session", autouse=True)
def _site_build(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SiteBuild | None]:
    """Starts building the reports when a selected test needs them (see :func:`site`).

    One worker while other tests run beside it; the default number when only the
    tests of the reports run.
    """
    items = request.session.items
    users = sum(map(_uses_site, items))
    if not users:
        yield None
        return
    build = SiteBuild(tmp_path_factory.mktemp("site-build"), 1 if users < len(items) else _JOBS)
    try:
        yield build
    finally:
        build.stop()


@pytest.fixture(scope="session")
def site(_site_build: SiteBuild | None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All reports, in English and in Chinese, and the index, built into a temporary folder."""
    if _site_build is None:  # requested by no test at collection
        return SiteBuild(tmp_path_factory.mktemp("site-build"), _JOBS).wait()
    return _site_build.wait()


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw/ to corrupt in a test."""
    dest = tmp_path / "raw"
    shutil.copytree(config.RAW_DATA_DIR, dest)
    return dest


@pytest.fixture(scope="session")
def built_processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The processed set built once from the committed raw data, into a new folder, under umask 022.

    Shared by the whole session: read it, never change it; a test that changes a set
    changes a :func:`processed_copy`.
    """
    from wzdata.study.build import build

    out = tmp_path_factory.mktemp("built") / "processed"
    old = os.umask(0o022)
    try:
        build(out_dir=out)
    finally:
        os.umask(old)
    return out


@pytest.fixture
def processed_copy(built_processed: Path, tmp_path: Path) -> Path:
    """A writable copy of :func:`built_processed`, as ``tmp_path / "out"``."""
    return Path(shutil.copytree(built_processed, tmp_path / "out"))


@pytest.fixture
def source_text() -> str:
    """The core article's reference text; skips when the shared sources are absent."""
    path = config.SHARED_SOURCES_DIR / "chinapeace-2022-06-27.txt"
    if not path.exists():
        pytest.skip(f"reference text not available: {path} is absent (it is not in the repository)")
    return path.read_text(encoding="utf-8")
