"""Fixtures of the browser tests: the example news site served by runserver, and Chromium.

The example project runs as a separate process on a fresh SQLite database in a temporary
directory, filled by its own ``load_demo_content`` command. Images are written to
example_project/media/ (git-ignored), because MEDIA_ROOT of the example is not configurable.
Screenshots are written to .e2e-artifacts/ at the repository root (git-ignored).
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_PROJECT = REPO_ROOT / "example_project"
ARTIFACTS_DIR = REPO_ROOT / ".e2e-artifacts"

SERVER_START_TIMEOUT = 30  # seconds until GET / must answer
SERVER_STOP_TIMEOUT = 5  # seconds between terminate() and kill()
COMMAND_TIMEOUT = 300  # seconds for each of migrate, load_demo_content, ensure_demo_admin

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

DESKTOP_VIEWPORT = {"width": 1280, "height": 900}


@dataclass(frozen=True)
class DemoServer:
    base_url: str
    username: str
    password: str


# tests/conftest.py has autouse fixtures for the in-process unit tests (cache clearing,
# MEDIA_ROOT). The browser tests talk to a separate server process, so they are disabled here.
@pytest.fixture(autouse=True)
def _clear_cache():
    yield


@pytest.fixture(autouse=True)
def _media_root():
    yield


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args):
    """Run one manage.py command of the example project; fail the session with its output."""
    command = [sys.executable, "manage.py", *args]
    try:
        result = subprocess.run(
            command,
            cwd=EXAMPLE_PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`manage.py {' '.join(args)}` took longer than {COMMAND_TIMEOUT} s")
    if result.returncode != 0:
        pytest.fail(
            f"`manage.py {' '.join(args)}` exited with {result.returncode}\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
        )


def _answers(url):
    # An opener without proxies: the server is on loopback.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=2) as response:
            return response.status < 500
    except urllib.error.HTTPError as error:
        return error.code < 500
    except OSError:
        return False


def _stop(process):
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=SERVER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def demo_server():
    """The example site on a fresh database, served on a free loopback port."""
    with tempfile.TemporaryDirectory(prefix="wa-e2e-") as tmp:
        tmp_path = Path(tmp)
        password = secrets.token_urlsafe(16)
        env = {
            **os.environ,
            # pytest-django exports tests.settings; the example project needs its own.
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DJANGO_DEBUG": "1",  # runserver serves static files and media only with DEBUG
            "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite3'}",
            "DEMO_ADMIN_PASSWORD": password,
            "PYTHONUNBUFFERED": "1",
        }
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_demo_content")
        _manage(env, "ensure_demo_admin")

        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        log_path = tmp_path / "runserver.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=EXAMPLE_PROJECT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT
            while not _answers(f"{base_url}/"):
                if process.poll() is not None:
                    pytest.fail(
                        f"runserver exited with {process.returncode} before answering:\n"
                        f"{log_path.read_text()}"
                    )
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"{base_url}/ did not answer within {SERVER_START_TIMEOUT} s:\n"
                        f"{log_path.read_text()}"
                    )
                time.sleep(0.2)
            yield DemoServer(base_url=base_url, username="admin", password=password)
        finally:
            _stop(process)


def _chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        pytest.fail(
            "Chromium was not found (looked for `chromium` on PATH and /usr/bin/chromium). "
            "Run `make e2e`: it installs Chromium (apt-get install chromium) before the tests."
        )
    return path


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def artifacts_dir():
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture
def page(browser, demo_server):
    """A fresh browser context and page per test, desktop sized, with relative URLs allowed."""
    context = browser.new_context(viewport=DESKTOP_VIEWPORT, base_url=demo_server.base_url)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()
