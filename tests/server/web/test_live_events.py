"""Socket.IO rooms through Flask-SocketIO's test client: who may join what, and what arrives."""
from server.live.socket import socketio
from tests.support.http import bearer


def test_public_site_room_gets_calls_without_personal_data(app, client, demo):
    board = socketio.test_client(app)
    assert board.emit("join_site", {"site": "demo"}, callback=True)["ok"]
    issued = client.post("/api/v1/sites/demo/tickets", json={"sector": "dat-dai"}, headers=bearer(demo["kiosk_token"]))
    client.post("/api/v1/sites/demo/counters/2/next", headers=bearer(demo["counters"][1]["keypad_token"]))
    received = board.get_received()
    names = [r["name"] for r in received]
    assert names == ["ticket_issued", "ticket_called"]
    called = received[1]["args"][0]
    assert called["ticket"]["number"] == "1001" and called["counter"]["number"] == 2
    assert called["seq"] == received[0]["args"][0]["seq"] + 1
    assert issued.get_json()["lookup_code"] not in str(received)
    board.disconnect()


def test_counter_room_needs_that_counters_device_or_an_officer(app, client, demo):
    own = socketio.test_client(app)
    ack = own.emit("join_counter", {"site": "demo", "counter": 3, "token": demo["counters"][2]["display_token"]},
                   callback=True)
    assert ack["ok"]
    stranger = socketio.test_client(app)
    refused = stranger.emit("join_counter", {"site": "demo", "counter": 3,
                                             "token": demo["counters"][0]["display_token"]}, callback=True)
    assert refused == {"ok": False, "error": "wrong_counter", "message": "Thiết bị này không thuộc quầy số 3.",
                       "message_en": "This device does not belong to counter 3."}
    nobody = socketio.test_client(app)
    assert nobody.emit("join_counter", {"site": "demo", "counter": 3}, callback=True)["error"] == "missing_token"
    client.post("/api/v1/sites/demo/tickets", json={"sector": "kinh-doanh"}, headers=bearer(demo["kiosk_token"]))
    client.post("/api/v1/sites/demo/counters/3/next", headers=bearer(demo["counters"][2]["keypad_token"]))
    assert [r["name"] for r in own.get_received()] == ["ticket_called"]
    assert stranger.get_received() == []
