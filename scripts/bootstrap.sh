#!/usr/bin/env bash
# Installs what building, running and testing Spil needs, and only what is
# missing, so a warm run costs well under a second. Runs as root on Debian 12
# (CI and the development machines); elsewhere it says what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'bootstrap: %s\n' "$*"; }

# `cargo install` puts tauri-driver here; a fresh shell may not have it on PATH.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

APT_PACKAGES=(
  build-essential pkg-config file libssl-dev
  libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev
  xvfb xauth webkit2gtk-driver poppler-utils tzdata
)

install_apt_packages() {
  local missing=() installed
  # One dpkg-query for all; only "install ok installed" counts (`dpkg -s` would
  # also accept a removed package whose configuration files are left).
  installed=$(dpkg-query -W -f='${Package} ${Status}\n')
  for pkg in "${APT_PACKAGES[@]}"; do
    grep -qx "$pkg install ok installed" <<<"$installed" || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    return
  fi
  log "apt-get install ${missing[*]}"
  local sudo=()
  if ((EUID != 0)); then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_rust_tools() {
  command -v cargo >/dev/null || { log "cargo is missing: install Rust with rustup first"; exit 1; }
  if command -v rustup >/dev/null; then
    local installed
    installed=$(rustup component list --installed)
    for component in rustfmt clippy; do
      if ! grep -q "^$component" <<<"$installed"; then
        log "rustup component add $component"
        rustup component add "$component"
      fi
    done
  fi
  if ! command -v tauri-driver >/dev/null; then
    log "cargo install tauri-driver"
    cargo install tauri-driver --locked
  fi
}

install_node_modules() {
  # Vite 8 needs Node 20.19+; Debian 12's own nodejs (18) is too old.
  if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
    log "Node.js 20.19 or newer is needed (found: $(node --version 2>/dev/null || echo none))"
    exit 1
  fi
  # `npm ci` wipes and reinstalls, so only when the lock file is newer.
  if [[ ! -d ui/node_modules || ui/package-lock.json -nt ui/node_modules ]]; then
    # npm 10 fails to install Vite 8's native (rolldown) packages from this lock file.
    local npm_version
    npm_version=$(npm --version)
    if ((${npm_version%%.*} < 11)); then
      log "npm $npm_version is too old: npm install -g npm@11"
      npm install -g npm@11 --no-audit --no-fund
    fi
    log "npm ci in ui/"
    (cd ui && npm ci --no-audit --no-fund)
    touch ui/node_modules
  fi
}

install_apt_packages
install_rust_tools
install_node_modules
