"""Layout defects of daily use (#11), at 375 px (a phone) and 1366 px (a laptop), in Arabic and French:

- a council session's "what must be ready by when": each date on one line beside its term;
- a project's money's road (four tiles): every amount, its currency included, inside its tile;
- the portal's register of agreements: on a phone, each date keeps its label;
- the portal's open data: no table scrolls sideways (axe's `scrollable-region-focusable`);
- the unit's dashboard: its long lists fold on a phone (3 items and "show all"), not on a laptop;
- the portal in Tamazight: statuses, areas, localities and sectors in Tifinagh, dates day first.

Every page also passes `check_page` (axe-core, no sideways scroll on a phone, weight, direction).
"""

import re
from decimal import Decimal

import pytest

from e2e.actions import sign_in
from e2e.conftest import DESKTOP, E2E
from e2e.pages import check_page

pytestmark = E2E

SCREENS = [375, 1366]
CASES = [(lang, width) for lang in ("ar", "fr") for width in SCREENS]
IDS = [f"{lang}-{width}" for lang, width in CASES]
TIFINAGH = re.compile("[\u2d30-\u2d7f]")
ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture
def screen(open_page):
    """`screen(lang, width)`: the page for that language at 375 px (the phone) or another width."""
    widened = []

    def _open(lang: str, width: int):
        page = open_page(lang, phone=width <= 400)
        if width > 400:
            page.set_viewport_size({"width": width, "height": 900})
            widened.append(page)
        return page

    yield _open
    for page in widened:  # the desktop page is shared with the other tests: give it back as it was
        page.set_viewport_size(DESKTOP)


def _name(base: str, width: int) -> str:
    """The screenshot's name: `check_page` adds "-375" on a phone; a laptop's width is said here."""
    return base if width <= 400 else f"{base}-{width}"


def _boxes(page, selector: str) -> list[dict]:
    """For each element: its own box, the box of its text (a Range), and its line height."""
    return page.locator(selector).evaluate_all(
        """els => els.map(el => {
             const range = document.createRange(); range.selectNodeContents(el);
             const box = el.getBoundingClientRect(), text = range.getBoundingClientRect();
             return {text: el.innerText, width: box.width, height: box.height,
                     left: box.left, right: box.right, textLeft: text.left, textRight: text.right, textHeight: text.height,
                     line: parseFloat(getComputedStyle(el).lineHeight) || 24};
           })"""
    )


@pytest.mark.parametrize(("lang", "width"), CASES, ids=IDS)
def test_a_council_sessions_deadlines_read_on_one_line(screen, lang, width):
    from sharaka.agreements.models import CouncilSession

    session = CouncilSession.objects.order_by("starts_on").first()
    page = sign_in(screen(lang, width), "officer", lang)
    page.goto(f"/agreements/sessions/{session.pk}/")
    check_page(page, _name("layout-session", width), lang)

    dates = _boxes(page, "#ready-title ~ dl.facts dd")
    assert len(dates) == 2, "the two deadlines of the session are not shown"
    for date in dates:
        assert date["textHeight"] < 2 * date["line"], (
            f"{date['text']!r} takes {date['textHeight']:.0f}px: broken over lines"
        )
        assert re.search(r"\d{4}", date["text"]), f"{date['text']!r} is not a date"


@pytest.mark.parametrize(("lang", "width"), CASES, ids=IDS)
def test_the_four_tiles_of_a_projects_money_hold_their_amounts(screen, lang, width):
    from django.db.models import Sum

    from sharaka.finance.models import Transaction

    biggest = (
        Transaction.objects.values("project").annotate(total=Sum("amount_mad")).order_by("-total").first()
    )
    # A project of a hundred million dirhams or so: amounts as long as the commune's largest can be.
    Transaction.objects.filter(project=biggest["project"]).update(amount_mad=Decimal("24691358.02"))
    page = sign_in(screen(lang, width), "officer", lang)
    page.goto(f"/finance/projects/{biggest['project']}/")
    check_page(page, _name("layout-finance-project", width), lang)

    tiles = _boxes(page, "ul.road > li")
    amounts = _boxes(page, "ul.road > li .stat")
    assert len(tiles) == len(amounts) == 4
    currency = "درهم" if lang == "ar" else "MAD"
    for tile, amount in zip(tiles, amounts, strict=True):
        assert currency in amount["text"], f"{amount['text']!r} lost its currency"
        assert tile["left"] - 1 <= amount["textLeft"] and amount["textRight"] <= tile["right"] + 1, (
            f"{amount['text']!r} sticks out of its tile ({amount['textLeft']:.0f}–{amount['textRight']:.0f} "
            f"outside {tile['left']:.0f}–{tile['right']:.0f})"
        )
        assert amount["textHeight"] < 2 * amount["line"], f"{amount['text']!r} is broken over lines"


@pytest.mark.parametrize(("lang", "width"), CASES, ids=IDS)
def test_the_portals_register_of_agreements_labels_its_dates(screen, lang, width):
    page = screen(lang, width)
    page.goto(f"/portal/agreements/?lang={lang}")
    check_page(page, _name("layout-portal-agreements", width), lang)

    labels = {"ar": ("مقرر المجلس", "موقعة"), "fr": ("Décision du conseil", "Signée")}[lang]
    first_row = page.locator("table.register tbody tr").first
    if width <= 400:  # the table stacks: each cell says what it holds
        shown = first_row.locator("td[data-label]").evaluate_all(
            "tds => tds.map(td => getComputedStyle(td, '::before').content)"
        )
        for label in labels:
            assert any(label in content for content in shown), f"no {label!r} before its date: {shown}"
        assert page.locator("table.register thead").bounding_box()["height"] <= 1
    else:  # a table: the header names the columns, the cells carry no label of their own
        header = page.locator("table.register thead").inner_text()
        for label in labels:
            assert label in header
        shown = first_row.locator("td[data-label]").evaluate_all(
            "tds => tds.map(td => getComputedStyle(td, '::before').content)"
        )
        assert set(shown) <= {"none", "normal"}, f"labels repeated beside a table's header: {shown}"
    assert re.search(r"\d{2}/\d{2}/\d{4}", first_row.inner_text())


@pytest.mark.parametrize(("lang", "width"), CASES, ids=IDS)
def test_the_open_data_tables_need_no_sideways_scroll(screen, lang, width):
    page = screen(lang, width)
    page.goto(f"/portal/open-data/?lang={lang}")
    check_page(page, _name("layout-open-data", width), lang)  # axe: scrollable-region-focusable among them

    wide = page.locator(".table-wrap").evaluate_all(
        "wraps => wraps.filter(w => w.scrollWidth > w.clientWidth + 1).map(w => w.scrollWidth - w.clientWidth)"
    )
    assert page.locator(".table-wrap").count() == 4
    assert not wide, f"tables scroll sideways by {wide} px"


@pytest.mark.parametrize(("lang", "width"), CASES, ids=IDS)
def test_the_dashboard_folds_its_long_lists_on_a_phone(screen, lang, width):
    page = sign_in(screen(lang, width), "officer", lang)
    check_page(page, _name("layout-dashboard", width), lang)

    follow_ups = page.locator("#h-follow ~ ul.plain > li")
    toggle = page.locator("#h-follow ~ details.fold summary")
    count = follow_ups.count()
    assert count > 3, "the demo's dashboard should list more than three follow-ups"
    visible = follow_ups.evaluate_all("lis => lis.filter(li => li.offsetParent !== null).length")
    if width <= 400:
        assert visible == 3, f"{visible} of {count} follow-ups shown on a phone"
        assert str(count) in toggle.inner_text()
        folded = page.evaluate("document.documentElement.scrollHeight")
        # shorter than the 5,466 px the issue measured before folding (and 20 % shorter than unfolded,
        # below), though the dashboard has gained sections since (partners' documents, applications)
        assert folded < 5466, f"the dashboard is {folded}px tall on a phone"
        page.locator("details.fold summary").evaluate_all("summaries => summaries.forEach(s => s.click())")
        assert follow_ups.evaluate_all("lis => lis.filter(li => li.offsetParent !== null).length") == count
        unfolded = page.evaluate("document.documentElement.scrollHeight")
        assert folded < 0.8 * unfolded, f"folding saves little: {folded}px folded, {unfolded}px unfolded"
        check_page(page, _name("layout-dashboard-unfolded", width), lang)
    else:
        assert visible == count, f"{visible} of {count} follow-ups shown on a laptop"
        assert not toggle.is_visible()


@pytest.mark.parametrize("width", SCREENS)
def test_the_tamazight_portal_speaks_tifinagh_beyond_its_frame(screen, width):
    from sharaka.projects.models import Project

    project = Project.objects.public().filter(localities__name_zgh__gt="").order_by("pk").first()
    page = screen("fr", width)  # no browser speaks Tamazight yet
    page.goto(f"/portal/projects/{project.pk}/?lang=zgh")
    check_page(page, _name("layout-portal-project", width), "zgh")

    badge = page.locator("main p.meta .badge").first.inner_text()
    assert TIFINAGH.search(badge) and not ARABIC.search(badge), f"status {badge!r}"
    facts = page.locator("main dl.facts").first.inner_text()
    start = project.planned_start
    assert start.day != start.month, "pick a date that reads differently day first and month first"
    assert f"{start:%d/%m/%Y}" in facts, f"no day-first date {start:%d/%m/%Y} in {facts!r}"
    assert f"{start:%m/%d/%Y}" not in facts
    sectors = page.locator("main dl.facts dd ul.plain").first.inner_text()
    assert TIFINAGH.search(sectors), f"sectors {sectors!r}"
