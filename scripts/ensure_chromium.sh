#!/usr/bin/env bash
# Make sure Debian's chromium is installed for the end-to-end browser test (tests/ui/test_e2e.py).
#
# When /usr/bin/chromium (or $CHROMIUM) is missing, runs `apt-get update` and
# `apt-get install chromium`, as root directly or through `sudo -n` otherwise. When that is not
# possible it says why and exits 0, so `make test` still runs: the e2e test then skips with the
# same reason. Never downloads a browser any other way (no `playwright install`).
set -u

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
    echo "chromium: found $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "chromium: $CHROMIUM is missing and apt-get is not available (not Debian/Ubuntu);" \
         "install chromium yourself; until then the e2e test is skipped." >&2
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    AS_ROOT=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    AS_ROOT=(sudo -n)
else
    echo "chromium: $CHROMIUM is missing and this user cannot install packages (not root, no" \
         "password-less sudo); run 'sudo apt-get update && sudo apt-get install -y chromium'" \
         "once; until then the e2e test is skipped." >&2
    exit 0
fi

echo "chromium: installing Debian's chromium package with apt-get ..."
export DEBIAN_FRONTEND=noninteractive
if "${AS_ROOT[@]}" apt-get update -qq \
        && "${AS_ROOT[@]}" env DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -qq --no-install-recommends chromium >/dev/null; then
    echo "chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
else
    echo "chromium: apt-get could not install chromium (offline or no such package);" \
         "the e2e test will be skipped." >&2
fi
exit 0
