#!/usr/bin/env bash
# Installs what stet needs on Debian 12 (the C libraries and the tools its tests use).
# Run as root or with sudo available. Idempotent.
set -euo pipefail
packages=(libgit2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libssl-dev pkg-config git openssh-client gnupg)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "setup.sh: system packages present: ${packages[*]}"
