"""Take 1366x900 screenshots of pages of a running migdash, and print each page's console.

    python tools/screenshots.py http://127.0.0.1:8050 / /sources "/?lang=fr" --out var/shots
    python tools/screenshots.py http://127.0.0.1:8050 /stocks --phone --full

Uses Debian's chromium + chromedriver (never downloads a browser). For looking at what we
built; the browser tests assert the same things automatically.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options


def browser(width: int = 1366, height: int = 900) -> webdriver.Chrome:
    options = Options()
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", default="var/shots")
    parser.add_argument("--wait", type=float, default=3.0, help="seconds to let charts draw")
    parser.add_argument("--full", action="store_true", help="capture the whole page height")
    parser.add_argument("--phone", action="store_true", help="a 390x844 phone screen instead of 1366x900")
    args = parser.parse_args()
    width, height = (390, 844) if args.phone else (1366, 900)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    driver = browser(max(width, 500), height)
    if args.phone:  # Chrome's windows are at least 500 px wide: emulate the phone's viewport
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
        )
    try:
        for path in args.paths:
            driver.get(args.base_url.rstrip("/") + path)
            time.sleep(args.wait)
            if args.full:
                page_height = driver.execute_script("return document.body.scrollHeight")
                if args.phone:
                    driver.execute_cdp_cmd(
                        "Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": max(height, page_height), "deviceScaleFactor": 1, "mobile": True},
                    )
                else:
                    driver.set_window_size(width, max(height, page_height))
            name = (re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home") + ("_phone" if args.phone else "")
            target = out / f"{name}.png"
            driver.save_screenshot(str(target))
            if args.phone:
                driver.execute_cdp_cmd(
                    "Emulation.setDeviceMetricsOverride",
                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
                )
            else:
                driver.set_window_size(width, height)
            print(target)
            for entry in driver.get_log("browser"):
                print(f"  console {entry['level']}: {entry['message'][:300]}")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
