# Shared by scripts/run and scripts/test: messages, installing what a fresh Debian machine
# lacks, and running PostgreSQL binaries (which refuse to run as root).
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# Debian packages the build, the window tests and the database need.
SYSTEM_PACKAGES=(
  build-essential pkg-config curl file openssl
  libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev
  xvfb xauth webkit2gtk-driver
  postgresql
)

say() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }
die() { say "$*"; exit 1; }

# Installs the Debian packages that are missing; does nothing when all are there.
ensure_system_packages() {
  local missing=()
  for package in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install failed for: ${missing[*]}"
  [ -x "$PG_BIN/initdb" ] || die "initdb not found in $PG_BIN after installing postgresql"
}

# tauri-driver bridges WebDriver clients to WebKitWebDriver for the window tests.
ensure_tauri_driver() {
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  command -v tauri-driver >/dev/null && return 0
  say "installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet || die "cargo install tauri-driver failed"
}

# The UI's npm packages, exactly as locked.
ensure_ui_packages() {
  if [ ! -d "$ROOT/ui/node_modules" ] || [ "$ROOT/ui/package-lock.json" -nt "$ROOT/ui/node_modules/.package-lock.json" ]; then
    say "installing the UI's npm packages"
    (cd "$ROOT/ui" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in ui/"
  fi
}

# Runs a PostgreSQL server binary as the owner of the cluster. As root that is the
# `postgres` system user, because initdb and postgres refuse to run as root.
as_cluster_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Makes `folder` writable by the cluster owner.
give_to_cluster_owner() {
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$1"
  return 0
}

# A TCP port on loopback that nothing listens on now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
