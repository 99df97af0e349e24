# Shared by scripts/run, scripts/test and .ci/run: installs the pinned tools Tongxin builds
# with, or names exactly what is missing. Source it; it defines functions only.

CARGO_LEPTOS_VERSION=0.3.10
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31mmissing: %s\033[0m\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  if ! is_root || ! command -v apt-get >/dev/null; then
    die "$1 (install the Debian package '$2' as root: apt-get install -y $2)"
  fi
  say "installing $2 with apt"
  if [ -z "${TONGXIN_APT_UPDATED:-}" ]; then apt-get update -qq; TONGXIN_APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

# The Rust side: wasm target, cargo-leptos, wasm-bindgen-cli and wasm-opt. cargo-leptos would
# otherwise try to download the last two from the internet.
ensure_rust_tools() {
  command -v cargo >/dev/null || die "cargo (install Rust with rustup: https://rustup.rs)"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (once per machine; 15-30 minutes)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  local wbv; wbv=$(wasm_bindgen_version)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbv" ]; then
    say "installing wasm-bindgen-cli $wbv (the version in Cargo.lock)"
    # Not --locked: the registry mirror lacks some of its locked dependency versions.
    cargo install wasm-bindgen-cli --version "$wbv"
  fi
  # wasm-opt from npm's binaryen (pinned in tools/package.json): Debian's binaryen 108
  # rewrites wasm-bindgen's externref table export into the funcref table and Chromium then
  # refuses the module. cargo-leptos takes the first wasm-opt on PATH.
  command -v npm >/dev/null || die "Node.js and npm (Debian: apt-get install -y nodejs npm)"
  if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
    say "installing wasm-opt (npm binaryen, tools/package.json)"
    (cd tools && npm ci --no-audit --no-fund)
  fi
  export PATH="$PWD/tools/node_modules/.bin:$PATH"
}

ensure_chromium() {
  command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || apt_install "Chromium for the browser tests" chromium
  # The pages are Chinese: without a CJK font the browser draws empty boxes, and the
  # journeys' screenshots (docs/screens) would show them.
  [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || apt_install "a Chinese font for the browser tests" fonts-wqy-microhei
  # The category and navigation icons are emoji.
  [ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || apt_install "an emoji font for the browser tests" fonts-noto-color-emoji
}

ensure_java() {
  # The Nu HTML checker (npm's vnu-jar) runs on Java; Debian's, never one it downloads.
  command -v java >/dev/null || apt_install "Java for the HTML checker of the browser tests" default-jre-headless
}

ensure_npm_packages() {
  command -v npm >/dev/null || die "Node.js and npm (Debian: apt-get install -y nodejs npm)"
  if [ ! -d end2end/node_modules ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing the browser-test packages (npm ci)"
    # --ignore-scripts: no package may fetch a binary of its own (vnu-jar would fetch a Java).
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund)
  fi
}
