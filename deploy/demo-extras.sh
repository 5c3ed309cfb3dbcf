# Sourced by deploy/run-demo.sh: a demo kiosk with the PNG printer on http://127.0.0.1:${KIOSK_PORT:-8080}.
# It starts before the central server and connects when the server is up. Printed tickets land in
# var/printed/ as PNG files; its log is var/kiosk.log.
KIOSK_TOKEN=$($BIN/python -c "import json;print(json.load(open('var/demo-credentials.json'))['kiosk_token'])")
$BIN/motcua kiosk --server "http://127.0.0.1:${MOTCUA_PORT}" --token "$KIOSK_TOKEN" --site demo \
  --port "${KIOSK_PORT:-8080}" --printer png:var/printed > var/kiosk.log 2>&1 &
PIDS+=($!)
echo "Demo kiosk (touch page): http://127.0.0.1:${KIOSK_PORT:-8080}/   printed tickets: var/printed/"
echo "Counter page: http://127.0.0.1:${MOTCUA_PORT}/counter/   Hall board: http://127.0.0.1:${MOTCUA_PORT}/board/demo"
