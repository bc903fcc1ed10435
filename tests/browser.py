"""A real headless Chromium (Debian's ``chromium`` and ``chromium-driver``, driven with
Selenium) for the dashboard's tests. Missing, it fails loudly: these tests never skip."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

__all__ = ["chromium", "wait_for"]

_BINARIES = ("/usr/bin/chromium", "/usr/bin/chromedriver")


@contextmanager
def chromium(width: int = 1400, height: int = 2300) -> Iterator[WebDriver]:
    """A headless Chromium, tall enough for a whole page in one screenshot."""
    browser, driver = (shutil.which(Path(b).name) or b for b in _BINARIES)
    for binary in (browser, driver):
        if not Path(binary).exists():
            raise RuntimeError(
                f"{binary} is missing: the dashboard tests drive a real Chromium; run "
                "`bash scripts/install-test-services.sh` (apt-get install chromium chromium-driver)"
            )
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    session = webdriver.Chrome(service=Service(driver), options=options)
    try:
        yield session
    finally:
        session.quit()


def wait_for(
    browser: WebDriver, condition: Callable[[WebDriver], Any], what: str, timeout_s: float = 15
) -> Any:
    """``condition``'s first true value, or a failure saying what did not happen."""
    return WebDriverWait(browser, timeout_s).until(condition, message=f"timed out: {what}")
