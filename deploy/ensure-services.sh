#!/usr/bin/env bash
# Start the local PostgreSQL and Redis if they are installed but down (CI and dev machines).
set -uo pipefail
if command -v pg_isready >/dev/null && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
fi
if command -v redis-cli >/dev/null && ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null; then
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  fi
fi
for i in $(seq 1 20); do
  pg_ok=1; redis_ok=1
  command -v pg_isready >/dev/null && { pg_isready -h 127.0.0.1 -p 5432 -q || pg_ok=0; }
  command -v redis-cli >/dev/null && { redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis_ok=0; }
  [ $pg_ok = 1 ] && [ $redis_ok = 1 ] && break
  sleep 0.5
done
echo "services: postgres=$(pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 && echo up || echo down)" \
     "redis=$(redis-cli -h 127.0.0.1 ping 2>/dev/null || echo down)"
