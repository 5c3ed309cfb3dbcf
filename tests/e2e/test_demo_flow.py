"""A newcomer's flow against a real server process: issue, call, recall, transfer, finish, board."""
import requests
import socketio


def test_issue_call_and_events_reach_a_socketio_client(live_server):
    events = []
    client = socketio.Client(reconnection=False)
    client.on("ticket_called", lambda data: events.append(data))
    client.connect(live_server.base_url, transports=["websocket"])
    try:
        ack = client.call("join_site", {"site": "demo"}, timeout=5)
        assert ack["ok"] is True
        kiosk = live_server.headers(live_server.credentials["kiosk_token"])
        issued = [requests.post(live_server.url("/api/v1/sites/demo/tickets"), json={"sector": sector},
                                headers=kiosk, timeout=5) for sector in ("dat-dai", "ho-tich")]
        assert [r.status_code for r in issued] == [201, 201]
        assert [r.json()["number"] for r in issued] == ["1001", "3001"]

        keypad1 = live_server.headers(live_server.counter(1)["keypad_token"])
        keypad4 = live_server.headers(live_server.counter(4)["keypad_token"])
        called1 = requests.post(live_server.url("/api/v1/sites/demo/counters/1/next"), headers=keypad1, timeout=5)
        called4 = requests.post(live_server.url("/api/v1/sites/demo/counters/4/next"), headers=keypad4, timeout=5)
        assert (called1.json()["number"], called4.json()["number"]) == ("1001", "3001")
        client.sleep(0.5)
        assert [(e["ticket"]["number"], e["counter"]["number"]) for e in events] == [("1001", 1), ("3001", 4)]
        assert events[1]["seq"] > events[0]["seq"]
        assert "lookup_code" not in events[0]["ticket"]

        board = requests.get(live_server.url("/api/v1/sites/demo/board"), timeout=5).json()
        assert [c["number"] for c in board["recent_calls"]] == ["3001", "1001"]
        serving = {c["number"]: (c["current"] or {}).get("number") for c in board["counters"]}
        assert serving[1] == "1001" and serving[4] == "3001"
    finally:
        client.disconnect()
