"""Browser tests: a real Chromium (Debian's package) driven by Selenium, checked with axe-core."""

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get(
    "CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver"
)
AXE_JS = Path(__file__).parent / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
REQUIRED = os.environ.get("E2E_REQUIRED") == "1"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)"
    if not Path(CHROMEDRIVER).exists():
        return f"chromedriver not found at {CHROMEDRIVER}"
    if not AXE_JS.exists():
        return f"axe-core not found at {AXE_JS} (scripts/test installs it with npm)"
    return None


@pytest.fixture
def browser(live_server):
    missing = _missing()
    if missing:
        if REQUIRED:
            pytest.fail(missing)
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--lang=nl",
    ):
        options.add_argument(flag)
    # The console log, to see what the Content-Security-Policy refused.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})

    class Chrome(webdriver.Chrome):
        def get(self, url):
            super().get(url)
            assert_no_csp_violations(self)

    driver = Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(3)
    driver.base_url = live_server.url
    try:
        yield driver
        # What the last page did after it loaded (htmx swaps, clicks) is checked here.
        assert_no_csp_violations(driver)
    finally:
        driver.quit()


def assert_no_csp_violations(driver) -> None:
    """Fail on anything the Content-Security-Policy refused since the last look at the console
    (an inline script or style, a handler attribute, a resource from elsewhere)."""
    violations = [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry.get("message", "")
    ]
    assert not violations, f"CSP violations on {driver.current_url}:\n" + "\n".join(violations)


def axe_violations(driver) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page; serious and critical only."""
    driver.execute_script(AXE_JS.read_text())
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
        axe.run(document, {runOnly: {type: 'tag', values: tags}})
          .then(r => done(r.violations))
          .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
        """
    )
    return [v for v in result if v.get("impact") in ("serious", "critical")]


def assert_accessible(driver) -> None:
    violations = axe_violations(driver)
    summary = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v.get("help"),
            "nodes": [n.get("target") for n in v.get("nodes", [])][:5],
        }
        for v in violations
    ]
    assert not violations, f"axe-core on {driver.current_url}:\n{json.dumps(summary, indent=2)}"
