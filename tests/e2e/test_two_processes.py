"""Two `motcua serve` processes sharing PostgreSQL and Redis: a call through A reaches a client of B."""
import requests
import socketio

from tests.support.live_server import LiveServer, free_port, seed_demo


def test_a_call_through_one_process_reaches_a_client_of_the_other(postgres_url, redis_url, tmp_path):
    ports = [free_port(), free_port()]
    credentials = seed_demo(postgres_url, f"http://127.0.0.1:{ports[0]}", tmp_path)
    servers = [LiveServer(f"http://127.0.0.1:{port}", postgres_url, port, credentials,
                          log_path=tmp_path / f"server-{port}.log",
                          extra_args=("--message-queue", redis_url)).start() for port in ports]
    a, b = servers
    received = []
    client = socketio.Client(reconnection=False)
    client.on("ticket_called", lambda data: received.append(data))
    try:
        client.connect(b.base_url, transports=["websocket"])
        assert client.call("join_site", {"site": "demo"}, timeout=5)["ok"]
        kiosk = a.headers(credentials["kiosk_token"])
        issued = requests.post(a.url("/api/v1/sites/demo/tickets"), json={"sector": "thue"}, headers=kiosk, timeout=5)
        called = requests.post(a.url("/api/v1/sites/demo/counters/8/next"),
                               headers=a.headers(a.counter(8)["keypad_token"]), timeout=5)
        assert called.status_code == 200
        for _ in range(50):
            if received:
                break
            client.sleep(0.1)
        assert [(e["ticket"]["number"], e["counter"]["number"]) for e in received] == [
            (issued.json()["number"], 8)]
        # and B's snapshot, read from the shared database, agrees
        board = requests.get(b.url("/api/v1/sites/demo/board"), timeout=5).json()
        assert board["seq"] >= received[0]["seq"]
        assert board["recent_calls"][0]["number"] == issued.json()["number"]
    finally:
        client.disconnect()
        for server in servers:
            server.stop()
