"""The dashboard (``GET /ui``) in a real headless Chromium against ``tierroute serve``
(the stub HTTP server as provider): the overview counts real requests, the explorer
shows ``/v1/route``'s decision, a threshold change previews another mix and applying it
changes the next decision, a broken edit shows its error and applies nothing, and with
keys only an admin key opens it. ``TIERROUTE_SCREENSHOTS=DIR`` keeps a screenshot of
each page."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import chromium, wait_for
from tests.keyed_service import serve, write_keys
from tests.stub_policies import stub_tier
from tools.openai_stub import StubServer

#: Easy tickets (difficulty < 0.3: small, whose stub model runs into its token budget,
#: so they escalate to mid on `length`) and "why" tickets (about 0.44: mid).
EASY = ["How do I reset my password?", "Where can I download my invoice?", "Can I cancel today?"]
WHY = "Why does the export skip archived projects when the filter is on?"
_DETERMINISTIC = "    temperature: 0.0\n"


def _policy(path: Path, base: str) -> Path:
    path.write_text(
        "name: dash\n# the tiers: small's stub model always runs out of tokens\ntiers:\n"
        + stub_tier("small", "length", base, _DETERMINISTIC)
        + stub_tier(
            "mid",
            "ok-mid",
            base,
            _DETERMINISTIC,
            price="{input_per_mtok: 3.0, output_per_mtok: 6.0}",
        )
        + stub_tier(
            "reasoning",
            "ok-top",
            base,
            _DETERMINISTIC,
            price="{input_per_mtok: 10.0, output_per_mtok: 30.0}",
        )
        + "routing:\n  thresholds:\n    mid: 0.3    # from here: mid\n    reasoning: 0.7\n"
        + "escalation:\n  max_steps: 1\n  signals: [length, refusal]\n"
        + "cache:\n  enabled: true\n"
        + "learning:\n  log: {path: decisions.jsonl}\n"
    )
    return path


def _chat(base: str, text: str, key: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body = {"model": "auto", "messages": [{"role": "user", "content": text}]}
    response = httpx.post(f"{base}/v1/chat/completions", json=body, headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    return response


def _route(base: str, text: str, metadata: dict[str, object] | None = None) -> dict[str, object]:
    body = {"text": text, "metadata": metadata or {}}
    response = httpx.post(f"{base}/v1/route", json=body, timeout=10)
    assert response.status_code == 200, response.text
    decision: dict[str, object] = response.json()
    return decision


def _screenshot(browser: WebDriver, name: str) -> None:
    folder = os.environ.get("TIERROUTE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(Path(folder) / f"{name}.png"))


def _text(browser: WebDriver, element_id: str) -> str:
    return str(browser.find_element(By.ID, element_id).text)


def _set_slider(browser: WebDriver, element_id: str, value: float) -> None:
    browser.execute_script(
        "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
        "e.dispatchEvent(new Event('input')); e.dispatchEvent(new Event('change'));",
        element_id,
        str(value),
    )


def _status(browser: WebDriver) -> str:
    return str(browser.find_element(By.ID, "tu-status").get_attribute("data-state") or "")


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    with chromium() as session:
        yield session


@pytest.fixture(scope="module")
def service(stub: StubServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One service with seven requests answered: three easy ones escalated, three on mid,
    and one easy one again (a cache hit)."""
    folder = tmp_path_factory.mktemp("dashboard")
    with serve(_policy(folder / "policy.yaml", stub.base_url), folder / "serve.log") as base:
        for text in [*EASY, WHY, f"{WHY} (2)", f"{WHY} (3)", EASY[0]]:
            _chat(base, text)
        yield base


def test_the_overview_shows_the_requests_it_served(service: str, browser: WebDriver) -> None:
    api = httpx.get(f"{service}/ui/api/overview", timeout=10).json()
    assert api["requests"] == 7 and api["counts"]["mid"] == 7
    assert api["escalations"] == {"length": 3} and api["cache"]["hit"] == 1
    browser.get(f"{service}/ui#overview")
    wait_for(browser, lambda b: _text(b, "ov-requests") == "7", "7 requests on the overview")
    assert _text(browser, "ov-count-mid") == "7"
    assert _text(browser, "ov-count-small") == "0"
    assert _text(browser, "ov-escalated").startswith("3 ")
    assert _text(browser, "ov-cache-rate") == "14.3%"
    assert _text(browser, "ov-saving").endswith("%")
    rows = browser.find_elements(By.CSS_SELECTOR, "#ov-latency tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows] == ["0", "7", "0"]
    assert (
        browser.execute_script(
            "return Chart.getChart('chart-per-tier').data.datasets[1]"
            ".data.reduce((a, b) => a + b, 0)"
        )
        == 7
    )
    _screenshot(browser, "overview")
    _chat(service, EASY[1] + " once more")  # the page polls: the new request shows
    wait_for(browser, lambda b: _text(b, "ov-requests") == "8", "the overview updated live")


def test_the_explorer_shows_the_decision_v1_route_makes(service: str, browser: WebDriver) -> None:
    text, metadata = WHY, {"plan": "enterprise"}
    browser.get(f"{service}/ui#explorer")
    wait_for(
        browser,
        lambda b: b.find_elements(By.CSS_SELECTOR, "#ex-recent tbody tr"),
        "the recent decisions listed",
    )
    browser.find_element(By.ID, "ex-text").send_keys(text)
    metadata_input = browser.find_element(By.ID, "ex-metadata")
    metadata_input.clear()
    metadata_input.send_keys(json.dumps(metadata))
    browser.find_element(By.ID, "ex-route").click()
    wait_for(browser, lambda b: b.find_element(By.ID, "ex-result").is_displayed(), "a decision")
    shown = json.loads(
        browser.execute_script("return document.getElementById('ex-json').textContent")
    )
    assert shown == _route(service, text, metadata)
    assert _text(browser, "ex-tier") == shown["tier"] == "mid"
    assert _text(browser, "ex-th-mid") == "0.3"
    reasons = _text(browser, "ex-reasons")
    assert "mid threshold 0.3" in reasons
    _screenshot(browser, "explorer")
    # one escalated request's whole path
    escalated = httpx.get(f"{service}/ui/api/decisions?reason=length", timeout=10).json()
    assert len(escalated) >= 3 and all(r["escalations"] == ["length"] for r in escalated)
    browser.find_element(By.ID, "ex-filter-reason").send_keys("length")
    wait_for(
        browser,
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "#ex-recent tbody tr")) == len(escalated),
        "only the escalated requests",
    )
    browser.find_element(By.CSS_SELECTOR, "#ex-recent a.request-link").click()
    wait_for(browser, lambda b: b.find_element(By.ID, "ex-path").is_displayed(), "a path")
    path = _text(browser, "ex-path-fields")
    assert "small → mid" in path and "length" in path


def test_a_broken_edit_shows_its_error_and_applies_nothing(
    service: str, browser: WebDriver
) -> None:
    before = httpx.get(f"{service}/ui/api/policy", timeout=10).json()
    browser.get(f"{service}/ui#tuning")
    wait_for(browser, lambda b: _status(b) == "valid", "the policy in force checked")
    broken = before["source"].replace("mid: 0.3 ", "mid: 3 ")
    assert broken != before["source"]
    browser.execute_script(
        "const e = document.getElementById('tu-source'); e.value = arguments[0];"
        "e.dispatchEvent(new Event('input'));",
        broken,
    )
    browser.find_element(By.ID, "tu-preview").click()
    wait_for(browser, lambda b: _status(b) == "invalid", "the broken policy refused")
    problems = _text(browser, "tu-problems")
    line = broken.splitlines().index("    mid: 3    # from here: mid") + 1
    assert f"policy.yaml:{line}: routing.thresholds.mid" in problems, problems
    assert "less than or equal to 1" in problems
    assert not browser.find_element(By.ID, "tu-apply").is_enabled()
    _screenshot(browser, "tuning-broken")
    refused = httpx.post(f"{service}/ui/api/policy/apply", json={"source": broken}, timeout=10)
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["field"] == "routing.thresholds.mid"
    after = httpx.get(f"{service}/ui/api/policy", timeout=10).json()
    assert after["version"] == before["version"] and after["source"] == before["source"]
    assert _route(service, WHY)["tier"] == "mid"


def test_a_threshold_change_previews_another_mix_and_applying_it_routes_by_it(
    stub: StubServer, tmp_path: Path, browser: WebDriver
) -> None:
    policy = _policy(tmp_path / "policy.yaml", stub.base_url)
    with serve(policy, tmp_path / "serve.log") as base:
        for text in [*EASY, WHY]:
            _chat(base, text)
        assert _route(base, WHY)["tier"] == "mid"
        browser.get(f"{base}/ui#tuning")
        wait_for(browser, lambda b: _status(b) == "valid", "the policy in force checked")
        mix = browser.find_element(By.ID, "tu-mix")
        assert mix.get_attribute("data-proposed-small") == "0.75"
        _set_slider(browser, "tu-mid", 0.5)
        wait_for(
            browser,
            lambda b: _status(b) == "valid" and mix.get_attribute("data-proposed-small") == "1",
            "the preview of mid threshold 0.5: every logged request on small",
        )
        assert mix.get_attribute("data-current-small") == "0.75"
        source = browser.execute_script("return document.getElementById('tu-source').value")
        assert "mid: 0.5    # from here: mid" in source  # edited in place, comment kept
        _screenshot(browser, "tuning")
        downloads = tmp_path / "downloads"
        downloads.mkdir()
        browser.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
        )
        browser.find_element(By.ID, "tu-download").click()
        saved = downloads / "policy.yaml"
        wait_for(browser, lambda b: saved.exists() and saved.read_text() == source, "a download")
        browser.find_element(By.ID, "tu-apply").click()
        browser.switch_to.alert.accept()
        wait_for(browser, lambda b: _status(b) == "applied", "the policy applied")
        assert "mid: 0.5    # from here: mid" in policy.read_text()
        assert _route(base, WHY)["tier"] == "small"
        assert "dashboard apply by loopback" in (tmp_path / "serve.log").read_text()


def test_economics_draws_the_simulators_scenario(service: str, browser: WebDriver) -> None:
    browser.get(f"{service}/ui#economics")
    wait_for(
        browser,
        lambda b: b.find_elements(By.CSS_SELECTOR, "#ec-result tbody tr"),
        "the simulation's result",
    )
    result = _text(browser, "ec-result")
    assert "saving of a perfect router" in result and "break-even with escalation" in result
    curves = browser.execute_script(
        "return Chart.getChart('chart-economics').data.datasets.map(d => d.label)"
    )
    assert curves[:3] == ["without escalation", "with escalation", "all on the top tier"]
    assert any(label.startswith("break-even") for label in curves)
    _screenshot(browser, "economics")
    mix = browser.find_element(By.ID, "ec-mix")
    mix.clear()
    mix.send_keys("0.5,0.5,0.5")
    browser.find_element(By.ID, "ec-run").click()
    wait_for(browser, lambda b: b.find_element(By.ID, "ec-error").is_displayed(), "an error")
    assert "must sum to 1" in _text(browser, "ec-error")


def test_with_keys_only_an_admin_key_opens_it(
    stub: StubServer, tmp_path: Path, browser: WebDriver
) -> None:
    keys = write_keys(tmp_path / "keys.yaml", {"ops": {"admin": True}, "app": {}})
    policy = _policy(tmp_path / "policy.yaml", stub.base_url)
    with serve(policy, tmp_path / "serve.log", keys=tmp_path / "keys.yaml") as base:
        _chat(base, EASY[0], keys["app"])
        assert httpx.get(f"{base}/ui/api/overview", timeout=10).status_code == 401
        plain = {"Authorization": f"Bearer {keys['app']}"}
        assert httpx.get(f"{base}/ui/api/overview", headers=plain, timeout=10).status_code == 403
        source = policy.read_text().replace("mid: 0.3 ", "mid: 0.5 ")
        applied = httpx.post(
            f"{base}/ui/api/policy/apply", json={"source": source}, headers=plain, timeout=10
        )
        assert applied.status_code == 403 and "not an admin key" in applied.text
        assert "mid: 0.3 " in policy.read_text()
        browser.get(f"{base}/ui#overview")
        browser.execute_script("sessionStorage.clear()")
        browser.refresh()
        wait_for(browser, lambda b: b.find_element(By.ID, "key-form").is_displayed(), "a key form")
        assert _text(browser, "ov-requests") == "-"
        browser.find_element(By.ID, "key-input").send_keys(keys["app"])
        browser.find_element(By.CSS_SELECTOR, "#key-submit button").click()
        wait_for(browser, lambda b: "not an admin key" in _text(b, "key-error"), "refused")
        browser.find_element(By.ID, "key-input").send_keys(keys["ops"])
        browser.find_element(By.CSS_SELECTOR, "#key-submit button").click()
        wait_for(browser, lambda b: _text(b, "ov-requests") == "1", "the overview, as admin")
        assert not browser.find_element(By.ID, "key-form").is_displayed()
        browser.execute_script("sessionStorage.clear()")


def test_logged_outcomes_draw_the_quality_curve(
    stub: StubServer, tmp_path: Path, browser: WebDriver
) -> None:
    """Decisions with outcomes on every tier (what shadow judging logs) in the local log:
    the tuning page draws quality against cost with the current and proposed points."""
    policy = _policy(tmp_path / "policy.yaml", stub.base_url)
    lines = []
    for n in range(20):
        score = n / 20
        decision = {
            "kind": "decision", "request_id": f"old-{n}", "policy_version": "old",
            "decided_tier": "small" if score < 0.3 else "mid", "final_tier": "mid",
            "called": ["mid"], "score": score, "cost_usd": 0.0, "latency_s": 0.1,
            "cache": "miss", "input_tokens": 200, "output_tokens": 50,
        }  # fmt: skip
        lines.append(json.dumps(decision))
        qualities = {"small": float(score < 0.4), "mid": float(score < 0.8), "reasoning": 1.0}
        for tier, quality in qualities.items():
            outcome = {"kind": "outcome", "request_id": f"old-{n}", "tier": tier,
                       "score": quality, "source": "shadow"}  # fmt: skip
            lines.append(json.dumps(outcome))
    (tmp_path / "decisions.jsonl").write_text("\n".join(lines) + "\n")
    with serve(policy, tmp_path / "serve.log") as base:
        browser.get(f"{base}/ui#tuning")
        drawn = "return Boolean(Chart.getChart('chart-curve'))"
        wait_for(browser, lambda b: b.execute_script(drawn), "a quality curve")
        labels = browser.execute_script(
            "return Chart.getChart('chart-curve').data.datasets.map(d => d.label)"
        )
        assert labels == ["best thresholds (20 requests)", "in force", "proposed"]
        assert not browser.find_element(By.ID, "tu-curve-none").is_displayed()
        _screenshot(browser, "tuning-curve")
