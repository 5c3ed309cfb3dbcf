"""When things go wrong the citizen still leaves with a number, and the kiosk says what happened."""
import socket
import threading
import time

import requests
from gpiozero.pins.mock import MockFactory

from hardware.printing.printers import PrinterError
from kiosk.client import ServerClient
from kiosk.desk import TicketDesk
from kiosk.state import wait_for
from tests.kiosk.conftest import start_kiosk


class FailingPrinter:
    """A printer that has run out of paper."""

    def __init__(self):
        self.attempts = 0

    def print_ticket(self, image, name):
        self.attempts += 1
        raise PrinterError("paper_out", "Máy in hết giấy. Vui lòng ghi nhớ số thứ tự trên màn hình.",
                           "The printer is out of paper. Please note your number on the screen.")

    def status(self):
        return "paper_out"


def count_tickets(server, sector):
    board = requests.get(server.url("/api/v1/sites/demo/board"), timeout=5).json()
    return next(s["issued_today"] for s in board["sectors"] if s["code"] == sector)


def test_printer_failure_keeps_the_number_on_screen_and_is_reported(page, server, tmp_path):
    kiosk, stop = start_kiosk(server, tmp_path / "printed")
    kiosk.desk.printer = FailingPrinter()
    try:
        before = count_tickets(server, "xay-dung")
        page.goto(kiosk.url)
        page.click("button.sector[data-sector='xay-dung']")
        page.wait_for_selector("#print-message:has-text('Máy in hết giấy')")
        number = page.inner_text("#number")
        assert number and count_tickets(server, "xay-dung") == before + 1  # exactly one ticket, not lost
        page.wait_for_function("document.getElementById('ticket-image').naturalWidth > 0")  # QR still on screen
        supervisor = requests.post(server.url("/api/v1/auth/login"), json=server.credentials["supervisor"],
                                   timeout=5).json()["token"]

        def reported():
            devices = requests.get(server.url("/api/v1/sites/demo/devices"),
                                   headers=server.headers(supervisor), timeout=5).json()["devices"]
            health = next(d["health"] for d in devices if d["kind"] == "kiosk")
            return health.get("printer") == "paper_out" and "printer" in (health.get("last_error") or "")
        assert wait_for(reported, 10)
    finally:
        stop()


def test_server_down_then_up_gives_exactly_one_ticket(server):
    client = ServerClient(server.base_url, server.credentials["kiosk_token"], "demo")
    desk = TicketDesk(client, FailingPrinter(), retry_for=30)
    before = count_tickets(server, "kinh-doanh")
    server.stop()
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(result=desk.issue("kinh-doanh", touch_id="t-1")))
    worker.start()
    time.sleep(2)  # the kiosk is retrying against a dead server
    server.start()
    worker.join(40)
    assert outcome["result"].ok
    assert desk.issue("kinh-doanh", touch_id="t-1").ticket["id"] == outcome["result"].ticket["id"]  # a page retry
    assert count_tickets(server, "kinh-doanh") == before + 1


def test_server_unreachable_is_said_clearly_and_the_same_touch_retried_later(server):
    client = ServerClient("http://127.0.0.1:9", server.credentials["kiosk_token"], "demo", timeout=0.5)
    desk = TicketDesk(client, FailingPrinter(), retry_for=1)
    outcome = desk.issue("thue", touch_id="t-2")
    assert (outcome.ok, outcome.error) == (False, "offline")
    assert outcome.message_vi == "Không kết nối được máy chủ. Xin vui lòng chạm lại sau giây lát."
    assert desk.health.last_error.startswith("server")


def test_gpio_buttons_issue_tickets_and_the_led_follows_the_printer(server, tmp_path):
    factory = MockFactory()
    kiosk, stop = start_kiosk(server, tmp_path / "printed", pin_factory=factory,
                              sector_buttons={"dat-dai": 20, "thue": 21}, status_led=16)
    try:
        before = count_tickets(server, "thue")
        factory.pin(21).drive_low()
        factory.pin(21).drive_high()
        assert wait_for(lambda: count_tickets(server, "thue") == before + 1, 10)
        assert wait_for(lambda: len(list(kiosk.printed.glob("*.png"))) == 1, 5)
        assert factory.pin(16).state == 1  # steady: all is well
        kiosk.desk.printer = FailingPrinter()
        factory.pin(20).drive_low()
        factory.pin(20).drive_high()
        assert wait_for(lambda: kiosk.desk.health.printer == "paper_out", 10)
        seen = set()
        for _ in range(40):  # blinking fast: the pin goes on and off
            seen.add(factory.pin(16).state)
            time.sleep(0.02)
        assert seen == {0, 1}
    finally:
        stop()


class AnswerLosingProxy:
    """Between kiosk and server: forwards each request, but drops the first ``lose`` answers on the way back,
    as a flaky network does after the server has already created the ticket."""

    def __init__(self, target_port: int, lose: int = 1):
        self.target_port, self.lose = target_port, lose
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._pipe, args=(client,), daemon=True).start()

    def _pipe(self, client):
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        lose, self.lose = self.lose > 0, max(0, self.lose - 1)

        def forward_requests():
            try:
                while data := client.recv(65536):
                    upstream.sendall(data)
            except OSError:
                pass
        threading.Thread(target=forward_requests, daemon=True).start()
        try:
            while data := upstream.recv(65536):
                if lose:
                    break  # the server answered; the answer never reaches the kiosk
                client.sendall(data)
        except OSError:
            pass
        for end in (client, upstream):
            try:
                end.shutdown(socket.SHUT_RDWR)  # wakes the other thread's recv; close() alone would not
            except OSError:
                pass
            end.close()


def test_a_lost_answer_is_retried_with_the_same_key_and_makes_one_ticket(server):
    proxy = AnswerLosingProxy(server.port, lose=2)
    client = ServerClient(f"http://127.0.0.1:{proxy.port}", server.credentials["kiosk_token"], "demo")
    desk = TicketDesk(client, FailingPrinter(), retry_for=20)
    before = count_tickets(server, "dat-dai")
    outcome = desk.issue("dat-dai", touch_id="t-lost")
    assert outcome.ok and proxy.lose == 0  # two answers were lost, the third arrived
    assert count_tickets(server, "dat-dai") == before + 1
    restarted = TicketDesk(client, FailingPrinter())  # a kiosk restarted mid-touch, same touch id
    assert restarted.issue("dat-dai", touch_id="t-lost").ticket["number"] == outcome.ticket["number"]
    assert count_tickets(server, "dat-dai") == before + 1
    proxy.listener.close()


def test_a_button_press_shows_its_number_on_screen_and_a_printer_fault_is_announced(page, server, tmp_path):
    factory = MockFactory()
    kiosk, stop = start_kiosk(server, tmp_path / "printed", pin_factory=factory, sector_buttons={"chung-thuc": 5})
    try:
        page.goto(kiosk.url)
        page.wait_for_selector("button.sector[data-sector='chung-thuc']")
        assert page.is_hidden("#printer-warning")
        factory.pin(5).drive_low()
        factory.pin(5).drive_high()
        page.wait_for_selector("#result:visible", timeout=10000)
        assert page.inner_text("#number") == kiosk.desk.last_press.ticket["number"]
        page.click("#done")
        kiosk.desk.printer = FailingPrinter()
        kiosk.desk.check_printer()
        page.wait_for_selector("#printer-warning:has-text('Máy in đang gặp sự cố')")
    finally:
        stop()
