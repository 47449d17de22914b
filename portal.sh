#!/usr/bin/env bash
# The two commands of this repository (see README):
#   ./portal.sh run    install what is missing, build, start broker, portal, site simulator (meters, relays, chargers) and edge in the foreground
#   ./portal.sh test   install what is missing, build, run every test, end with "N passed, N failed, N skipped"
# Both are idempotent: a second run reuses what is installed and keeps the data in ./data.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

APT_PACKAGES=(mosquitto mosquitto-clients libmodbus5 libicu72 chromium fonts-dejavu-core poppler-utils socat python3 python3-pymodbus python3-serial python3-serial-asyncio zbar-tools sqlite3 fonts-liberation python3-aiosmtpd)
DATA="${PORTAL_DATA:-$ROOT/data}"
OUT="$ROOT/out"
PORTAL_URL="${PORTAL_URL:-http://127.0.0.1:5000}"
MQTT_PORT="${PORTAL_MQTT_PORT:-1884}"
SIMULATOR_PORT="${PORTAL_SIMULATOR_PORT:-15020}"
OCPP_PORT="${PORTAL_OCPP_PORT:-18887}"           # the edge's OCPP 1.6J central system; the simulated chargers connect to it
DEMO_GATEWAY="gw-tilleuls"                      # Portal/Accounts/DemoSeeder.cs GatewayId
DEMO_SITE="5e1a7c2d71114e118000000000000001"    # Portal/Accounts/DemoSeeder.cs SiteId, "N" form

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_packages() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    say "Installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v dotnet >/dev/null || { echo "The .NET SDK (dotnet) is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2; exit 1; }
}

build() {
  say "Restoring and building ($1)"
  dotnet tool restore --verbosity quiet   # dotnet-ef, for developers adding migrations (dotnet-tools.json)
  dotnet restore Portal.sln --verbosity quiet
  dotnet build Portal.sln --no-restore --configuration "$1" --verbosity quiet -nologo
}

# The run command runs published output, as a production install does: an unpublished build
# outside Development serves no static assets (shared/STACK.md).
publish() {
  local project
  say "Publishing portal, edge and simulator (Release) to $OUT"
  dotnet restore Portal.sln --verbosity quiet
  for project in Portal Portal.Edge Portal.Simulator; do
    dotnet publish "$project/$project.csproj" --no-restore --configuration Release --output "$OUT/$project" --verbosity quiet -nologo
  done
}

# A random secret kept in a file of the data folder (created once, reused after).
secret() {
  local file="$DATA/secrets/$1"
  mkdir -p "$DATA/secrets"
  chmod 700 "$DATA/secrets"
  if [ ! -s "$file" ]; then
    head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$file"
    chmod 600 "$file"
  fi
  echo "$file"
}

# Started as root, mosquitto drops to its own user, which must reach its files. A data folder
# inside a folder only root may enter (root's home, any mode 0700 parent) is out of its reach:
# the broker's files then live in a folder of its own under /var/lib, one per data folder.
broker_directory() {
  local wanted="$DATA/mosquitto"
  mkdir -p "$wanted"
  if [ "$(id -u)" -eq 0 ] && id mosquitto >/dev/null 2>&1 && ! runuser -u mosquitto -- test -x "$wanted" 2>/dev/null; then
    wanted="/var/lib/energy-portal/mosquitto-$(printf '%s' "$DATA" | sha256sum | cut -c1-16)"
    mkdir -p "$wanted"
    chmod 755 /var/lib/energy-portal
  fi
  echo "$wanted"
}

broker_password() { # password file, user, file holding the password
  local password
  password="$(cat "$3")"
  printf '%s\n%s\n' "$password" "$password" | mosquitto_passwd "$1" "$2" >/dev/null
}

start_broker() {
  BROKER="$(broker_directory)"
  # One account for the portal, one per gateway; a gateway may only use its own topics.
  # Accounts the portal added for gateways commissioned since are kept: only ours are (re)set.
  [ -f "$BROKER/passwords" ] || install -m 600 /dev/null "$BROKER/passwords"
  # The password goes through stdin (printf is a shell builtin): on a command line every local user sees it in ps.
  broker_password "$BROKER/passwords" portal "$(secret broker-portal)"
  broker_password "$BROKER/passwords" "$DEMO_GATEWAY" "$(secret "broker-$DEMO_GATEWAY")"
  # The portal subscribes to intervals and config acks as \$share/portal/sites/+/gateways/+/...: mosquitto lets any
  # account subscribe to a \$share/ filter and checks read access on the underlying topic when it delivers, which
  # sites/# grants. Gateways need no shared subscription.
  cat > "$BROKER/acl" <<ACL
user portal
topic readwrite sites/#

pattern write sites/+/gateways/%u/live
pattern write sites/+/gateways/%u/intervals
pattern readwrite sites/+/gateways/%u/status
pattern write sites/+/gateways/%u/config/ack
pattern read sites/+/gateways/%u/config
ACL
  cat > "$BROKER/mosquitto.conf" <<CONF
# Written by portal.sh run: a broker for the demo on loopback only.
listener $MQTT_PORT 127.0.0.1
allow_anonymous false
password_file $BROKER/passwords
acl_file $BROKER/acl
persistence true
persistence_location $BROKER/
# Queued messages are saved every 5 minutes and at a clean shutdown (the default is 30 minutes).
autosave_interval 300
# The portal's persistent session queues every interval while the portal is down; mosquitto's default of 1000
# queued messages per client would silently drop the rest. 2,000,000 messages (about 600 MB at ~300 bytes) hold
# 4 intervals an hour for 10,000 meters for two days, e.g. 500 gateways of 20 meters. Raise both with the fleet.
max_queued_messages 2000000
max_queued_bytes 1000000000
# Unacknowledged QoS 1 messages in flight per client (default 20): the portal acknowledges after each committed
# batch, so it needs batches in flight; its own receive maximum (8000) is the tighter bound.
max_inflight_messages 1000
log_dest stdout
CONF
  chmod 600 "$BROKER/passwords" "$BROKER/mosquitto.conf" "$BROKER/acl"
  # Started as root, mosquitto drops to its own user: let that user read its files.
  if [ "$(id -u)" -eq 0 ] && id mosquitto >/dev/null 2>&1; then chown -R mosquitto "$BROKER"; fi
  say "Starting mosquitto on 127.0.0.1:$MQTT_PORT"
  mosquitto -c "$BROKER/mosquitto.conf" > "$BROKER/mosquitto.log" 2>&1 &
  CHILDREN+=($!)
  wait_for_port "$MQTT_PORT" mosquitto "$BROKER/mosquitto.log"
}

wait_for_port() { # port, name, log
  local i
  for i in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "$2 did not start listening on 127.0.0.1:$1; see $3" >&2
  tail -5 "$3" >&2
  exit 1
}

stop_children() {
  say "Stopping"
  kill -TERM "${CHILDREN[@]}" 2>/dev/null || true
  local i pid alive
  for i in $(seq 1 40); do
    alive=0
    for pid in "${CHILDREN[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && return 0
    sleep 0.25
  done
  kill -KILL "${CHILDREN[@]}" 2>/dev/null || true
}

run() {
  ensure_packages
  publish
  CHILDREN=()
  trap stop_children EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$DATA"
  start_broker
  # The demo cabinet of Portal/Accounts/DemoSeeder.cs SeedControl: a WP8024 at unit 20 on converter 1 (port 0) whose
  # loads are the demo's appliances (boiler 3 kW, two 2 kW heater steps, pool pump 750 W), charger cp-1 three-phase
  # and cp-2 single-phase on L2, each with a car plugged in all day (it leaves at 23:55, comes back at
  # midnight) that stops drawing once its battery has what it wanted.
  say "Starting the site simulator: 2 converters on 127.0.0.1:$SIMULATOR_PORT and $((SIMULATOR_PORT + 1)), 10 meters, a relay module, 2 chargers"
  "$OUT/Portal.Simulator/Portal.Simulator" --port "$SIMULATOR_PORT" --ports 2 --meters 10 --speed 1 \
      --relay-modules 0:20 --relay-load 3000,2000,2000,750 \
      --ocpp "ws://127.0.0.1:$OCPP_PORT/ocpp" --chargers cp-1:3:L1L2L3:16,cp-2:1:L2:16 \
      --cars cp-1@00:00-23:55:40kWh,cp-2@00:00-23:55:20kWh > "$DATA/simulator.log" 2>&1 &
  CHILDREN+=($!)
  wait_for_port "$SIMULATOR_PORT" simulator "$DATA/simulator.log"
  say "Starting the portal on $PORTAL_URL (Ctrl-C stops everything)"
  (cd "$OUT/Portal" && exec ./Portal \
      --urls="$PORTAL_URL" \
      --Portal:DataDirectory="$DATA/portal" \
      --Portal:Demo:Seed=true \
      --Portal:Demo:SimulatorPort="$SIMULATOR_PORT" \
      --Portal:Broker:Enabled=true \
      --Portal:Broker:Port="$MQTT_PORT" \
      --Portal:Broker:Username=portal \
      --Portal:Broker:PasswordFile="$(secret broker-portal)" \
      --Portal:Broker:AccountsFile="$BROKER/passwords" \
      --Portal:Broker:BrokerConfigFile="$BROKER/mosquitto.conf") &
  CHILDREN+=($!)
  say "Starting the edge gateway $DEMO_GATEWAY (its configuration comes from the portal over MQTT)"
  mkdir -p "$DATA/edge"
  "$OUT/Portal.Edge/Portal.Edge" \
      --Edge:GatewayId="$DEMO_GATEWAY" \
      --Edge:SiteId="$DEMO_SITE" \
      --Edge:DataDirectory="$DATA/edge" \
      --Mqtt:Host=127.0.0.1 \
      --Mqtt:Port="$MQTT_PORT" \
      --Mqtt:Username="$DEMO_GATEWAY" \
      --Mqtt:PasswordFile="$(secret "broker-$DEMO_GATEWAY")" \
      --Ocpp:ListenUrl="http://127.0.0.1:$OCPP_PORT" > "$DATA/edge/edge.log" 2>&1 &
  CHILDREN+=($!)
  # Everything runs until Ctrl-C, or until one part stops on its own (then the rest is stopped too).
  wait -n "${CHILDREN[@]}" || true
}

# What the tests start, checked before they run: a tool that is missing fails here with its
# package's name, not as a handful of puzzling test failures on a clean machine.
check_test_tools() {
  local tool missing=()
  for tool in mosquitto mosquitto_passwd pdftotext pdftoppm zbarimg socat sqlite3 /usr/bin/chromium; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  /usr/bin/python3 -c 'import pymodbus.server, serial' 2>/dev/null || missing+=("python3 modules pymodbus and serial")
  # The QR-bill payment part prints in Liberation Sans (QR-03); the swissqrbill peer runs on node (it comes with the machine).
  [ -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || missing+=("Liberation Sans (fonts-liberation)")
  for tool in node npm; do
    command -v "$tool" >/dev/null || missing+=("$tool (Node.js 20 or later, for the npm peers in peers/)")
  done
  /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=("python3 module aiosmtpd (the SMTP peer of the mail tests)")
  if ((${#missing[@]})); then
    echo "Missing after installing ${APT_PACKAGES[*]}: ${missing[*]}" >&2
    exit 1
  fi
}

# The independent implementations the tests compare against (peers/package-lock.json), installed with npm ci once per
# lock file: a stamp in node_modules records which lock the installed packages came from.
install_peers() {
  local lock stamp="$ROOT/peers/node_modules/.portal-lock-sha256"
  lock="$(sha256sum "$ROOT/peers/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock" ]; then return 0; fi
  say "Installing the npm peers (peers/package-lock.json)"
  (cd "$ROOT/peers" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock" > "$stamp"
}

test_all() {
  ensure_packages
  check_test_tools
  install_peers
  build Debug
  local results="$ROOT/TestResults"
  rm -rf "$results"
  say "Running every test (unit, integration, browser)"
  local status=0
  dotnet test Portal.sln --no-build --configuration Debug \
      --logger "trx;LogFilePrefix=results" --results-directory "$results" \
      --logger "console;verbosity=normal" || status=$?
  local passed=0 failed=0 skipped=0 file counters
  for file in "$results"/*.trx; do
    [ -f "$file" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$file")
    passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
    failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
    # A skipped test is counted in total but not in executed (its notExecuted counter stays 0).
    skipped=$((skipped + $(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters") - $(sed -E 's/.* executed="([0-9]+)".*/\1/' <<<"$counters")))
  done
  if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then status=1; fi
  # The failures again at the very end, with their first message line: CI keeps only the tail of the output.
  for file in "$results"/*.trx; do
    [ -f "$file" ] || continue
    grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$file" | sed -E 's/.*testName="([^"]+)".*/FAILED: \1/' || true
  done
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
}

case "${1:-}" in
  run) run ;;
  test) test_all ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
