"""Two officers in two browsers pressing next together over a shared queue: each ticket is called once."""
import sqlite3

import requests

from tests.counter.conftest import sign_in

SITE = "/api/v1/sites/demo"


def calls_in_land_sector(server) -> list[str]:
    with sqlite3.connect(server.database_url.removeprefix("sqlite:///")) as db:
        return [row[0] for row in db.execute(
            "SELECT t.number FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
            "WHERE e.action = 'call' AND t.origin_sector_id = (SELECT id FROM sectors WHERE code = 'dat-dai')")]


def test_two_sessions_pressing_next_together_call_each_ticket_once(browser, server):
    before = calls_in_land_sector(server)
    pages = []
    for number in (1, 6):  # counter 1: land primary; counter 6: construction primary, land as backup
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        page = context.new_page()
        sign_in(page, server, number)
        pages.append(page)
    kiosk = server.headers(server.credentials["kiosk_token"])
    issued = [requests.post(server.url(f"{SITE}/tickets"), json={"sector": "dat-dai"}, headers=kiosk,
                            timeout=5).json()["number"] for _ in range(12)]
    shown = []
    for _ in range(8):
        for page in pages:  # both presses leave before either answer comes back
            page.evaluate("document.querySelector('button[data-action=next]').click()")
        for page in pages:
            page.wait_for_function("!document.querySelector('button[data-action=next]').disabled")
        numbers = [p.inner_text("#number") if p.is_visible("#number") else None for p in pages]
        assert numbers[0] is None or numbers[0] != numbers[1]  # never the same ticket at both counters
        shown.extend(n for n in numbers if n)
    for _ in range(100):  # presses made while a page was busy run after it: let the last ones finish
        called = calls_in_land_sector(server)[len(before):]
        if len(called) >= len(issued):
            break
        pages[0].wait_for_timeout(200)
    assert sorted(called) == sorted(issued)  # each ticket called exactly once, none lost
    assert set(shown) <= set(issued)
    for page in pages:
        page.context.close()
