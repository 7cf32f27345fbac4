"""Full-page screenshots of pages in headless Chromium (Debian: apt-get install chromium chromium-driver).

  python scripts/screenshot.py PAGE.html OUT.png [PAGE.html OUT.png ...] [--item ID] [--width 1280]

Each page is captured whole with the DevTools protocol (Page.captureScreenshot with
captureBeyondViewport), so nothing is cropped at the window's height. `--item claims-3` opens an
evidence view with that item chosen. Prints, per page, the time from navigation start to the
load event's end as Chromium measured it (the view of a 200 KB article must stay under 1 s).
"""

from __future__ import annotations

import argparse
import base64
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import chromium


def load_ms(driver) -> float:  # type: ignore[no-untyped-def]
    """navigationStart -> loadEventEnd, in ms, as the browser measured it."""
    return float(driver.execute_script(
        "const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd - t.startTime;"))


def capture(driver, page: Path, out: Path, item: str | None) -> float:  # type: ignore[no-untyped-def]
    driver.get(page.resolve().as_uri() + (f"#item-{item}" if item else ""))
    took = load_ms(driver)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(base64.b64decode(shot["data"]))
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pairs", nargs="+", help="PAGE.html OUT.png, repeated")
    parser.add_argument("--item", help="evidence item to choose, e.g. claims-0")
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    if len(args.pairs) % 2:
        parser.error("give pages and screenshots in pairs: PAGE.html OUT.png")
    with chromium(args.width) as driver:
        for page, out in zip(args.pairs[::2], args.pairs[1::2]):
            took = capture(driver, Path(page), Path(out), args.item)
            print(f"{out}: {page} loaded in {took:.0f} ms")


if __name__ == "__main__":
    main()
