"""What every page visited in a browser test must satisfy: `check_page(page, name, lang)`.

One call per page, after it has loaded. It saves a full-page screenshot, then checks, in this
order: the language and direction of the document, that the header starts on the right in
Arabic (on the left otherwise), the weight of the page and its resources, no horizontal scroll
on a phone, no serious or critical axe-core violation, and no JavaScript error since the last
check. Each failure names the page and says what was found.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SCREENSHOTS = ROOT / "screenshots"
AXE = ROOT.parent / "node_modules" / "axe-core" / "axe.min.js"

PAGE_BUDGET_BYTES = 150 * 1024
MOBILE_WIDTH = 375
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
ARABIC = re.compile("[\u0600-\u06ff]")

# Set on the page by `watch`: what went wrong in the browser since the last check.
_ERRORS = "_sharaka_errors"


def watch(page) -> None:
    """Collect console errors and uncaught exceptions of a page; `check_page` asserts there are none."""
    errors: list[str] = []
    setattr(page, _ERRORS, errors)

    def on_console(msg):
        if msg.type == "error":
            errors.append(f"console: {msg.text} (at {msg.location.get('url') or '?'})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))


def forget_errors(page) -> None:
    getattr(page, _ERRORS).clear()


def is_mobile(page) -> bool:
    return (page.viewport_size or {}).get("width", 1280) <= MOBILE_WIDTH + 25


def check_page(page, name: str, lang: str, *, status: int = 200) -> None:
    """Screenshot the page and assert what every page of Sharaka owes its readers.

    `status` is the HTTP status the document was served with: the browser logs a console error
    for a 404 document, which is expected on a "not found" page and nothing else.
    """
    page.wait_for_load_state("load")
    suffix = f"-{MOBILE_WIDTH}" if is_mobile(page) else ""
    shot = SCREENSHOTS / lang / f"{name}{suffix}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    where = f"{name} ({lang}{suffix}, {page.url})"

    _check_language(page, lang, where)
    _check_header_side(page, lang, where)
    _check_weight(page, where)
    if is_mobile(page):
        _check_no_horizontal_scroll(page, where)
    _check_axe(page, where)
    _check_no_errors(page, where, status)


def _check_language(page, lang: str, where: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == lang, f"{where}: <html lang> is {html.get_attribute('lang')!r}"
    direction = "rtl" if lang == "ar" else "ltr"
    assert html.get_attribute("dir") == direction, f"{where}: <html dir> is {html.get_attribute('dir')!r}"
    computed = page.evaluate("getComputedStyle(document.body).direction")
    assert computed == direction, f"{where}: the body is laid out {computed}"


def _check_header_side(page, lang: str, where: str) -> None:
    """In Arabic the header reads from the right: the brand is its right-most item, the tools its left-most."""
    boxes = page.evaluate(
        """() => {
          const top = document.querySelector('header.top');
          if (!top) return null;
          const box = el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, name: el.className || el.tagName}; };
          const brand = top.querySelector('.brand');
          return {brand: brand && box(brand),
                  others: [...top.children].filter(el => el !== brand && el.getBoundingClientRect().width > 0).map(box)};
        }"""
    )
    assert boxes and boxes["brand"], f"{where}: no header with a .brand"
    brand, others = boxes["brand"], boxes["others"]
    assert others, f"{where}: the header holds nothing but the brand"
    if lang == "ar":
        rightmost = max(o["right"] for o in others)
        assert brand["right"] >= rightmost - 2, (
            f"{where}: the header does not start on the right: brand ends at x={brand['right']:.0f}, "
            f"{[o['name'] for o in others if o['right'] > brand['right'] + 2]} further right"
        )
        if not is_mobile(page):
            assert brand["left"] > min(o["left"] for o in others), (
                f"{where}: the brand is not right of the tools"
            )
    else:
        leftmost = min(o["left"] for o in others)
        assert brand["left"] <= leftmost + 2, (
            f"{where}: the header does not start on the left: brand starts at x={brand['left']:.0f}"
        )


def page_weight(page) -> tuple[int, list[tuple[str, int]]]:
    """Bytes of the document and every resource it loaded, as the Resource Timing API reports them.

    Each entry counts the larger of its transfer size (headers and body, 0 when served from the
    browser cache) and its encoded body size (the body as it came over the wire or out of the
    cache), so a page weighs the same on a first visit and on a later one.
    """
    entries = page.evaluate(
        """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
              .map(e => [e.name, Math.max(e.transferSize || 0, e.encodedBodySize || 0)])"""
    )
    return sum(size for _name, size in entries), [(name, size) for name, size in entries]


def _check_weight(page, where: str) -> None:
    total, entries = page_weight(page)
    listing = ", ".join(f"{name.rsplit('/', 1)[-1] or name}={size // 1024} KB" for name, size in entries)
    assert total <= PAGE_BUDGET_BYTES, f"{where}: {total // 1024} KB over the 150 KB budget: {listing}"


def _check_no_horizontal_scroll(page, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > MOBILE_WIDTH + 1:
        culprits = page.evaluate(
            """limit => [...document.querySelectorAll('body *')]
                 .filter(el => { const r = el.getBoundingClientRect(); return r.right > limit + 1 || r.left < -1; })
                 .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))""",
            MOBILE_WIDTH,
        )
        raise AssertionError(f"{where}: scrolls sideways on a phone ({width}px wide): {culprits}")


def _check_axe(page, where: str) -> None:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    blocking = [v for v in result["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = []
        for v in blocking:
            targets = "; ".join(
                " ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                for n in v["nodes"][:5]
            )
            lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])}x: {targets})")
        raise AssertionError(
            f"{where}: axe-core found {len(blocking)} serious/critical violations:\n" + "\n".join(lines)
        )


def _check_no_errors(page, where: str, status: int) -> None:
    errors = getattr(page, _ERRORS, None)
    assert errors is not None, f"{where}: the page was not opened through the `open_page` fixture"
    found = list(errors)
    errors.clear()
    if status >= 400:  # the browser reports the document's own status as an error; only that is expected
        found = [e for e in found if not (f"status of {status}" in e and e.endswith(f"(at {page.url})"))]
    assert not found, f"{where}: JavaScript errors:\n  " + "\n  ".join(found)
