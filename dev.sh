#!/usr/bin/env bash
# One entry point for a fresh Debian/Ubuntu or Raspberry Pi OS machine:
#   ./dev.sh demo   set up and start the kiosk on the built-in demo office
#   ./dev.sh test   set up and run the tests (what CI runs)
#   ./dev.sh perf   run the benchmarks in tests/perf and print their tables
#   ./dev.sh soak   run the long fault and soak tests
#   ./dev.sh catalogs  after changing texts: new template, merged into every .po, compiled
# It installs the Debian packages it needs (apt-get, as root or through sudo),
# creates .venv with the project and its test tools, then runs the step.
set -eu
cd "$(dirname "$0")"

VENV=.venv
STAMP=$VENV/.installed

# Debian packages per step (kept in one place).
PACKAGES_BASE="python3 python3-venv python3-dev gcc libfribidi0 libmtdev1 libgl1 libgl1-mesa-dri espeak-ng"
PACKAGES_TEST="$PACKAGES_BASE xvfb shellcheck systemd e2fsprogs zbar-tools cups-client openssl chromium"

# Install the packages of one step's list (a space-separated string).
install_step() {
    local -a pkgs
    read -r -a pkgs <<<"$1"
    install_packages "${pkgs[@]}"
}

say() { printf '%s\n' "dev.sh: $*" >&2; }

install_packages() {
    missing=""
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
    done
    [ -z "$missing" ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        say "please install these packages yourself:$missing"
        return 1
    fi
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    say "installing Debian packages:$missing"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086  # the package list is meant to split
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating $VENV"
        python3 -m venv "$VENV"
    fi
    if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
        say "installing the project and its tools into $VENV"
        "$VENV/bin/python" -m pip install -q --upgrade pip
        "$VENV/bin/python" -m pip install -q -e '.[dev]'
        touch "$STAMP"
    fi
}

# The gettext catalogs (README: "Languages and translations"). Compiling turns
# each locales/*/LC_MESSAGES/kiosk.po into its kiosk.mo (not in git).
compile_catalogs() {
    "$VENV/bin/pybabel" -q compile -d locales -D kiosk
}

update_catalogs() {
    "$VENV/bin/pybabel" extract -F babel.cfg -o locales/kiosk.pot --project=Quartierskiosk \
        --copyright-holder="Quartierskiosk contributors" .
    "$VENV/bin/pybabel" update -i locales/kiosk.pot -d locales -D kiosk --ignore-obsolete
    compile_catalogs
}

step=${1:-help}
[ $# -gt 0 ] && shift
case "$step" in
    demo)
        install_step "$PACKAGES_BASE"
        ensure_venv
        compile_catalogs
        exec "$VENV/bin/kiosk" demo "$@"
        ;;
    test)
        install_step "$PACKAGES_TEST"
        ensure_venv
        "$VENV/bin/ruff" check .
        "$VENV/bin/ruff" format --check .
        compile_catalogs
        exec "$VENV/bin/pytest" "$@"
        ;;
    perf)
        install_step "$PACKAGES_TEST"
        ensure_venv
        compile_catalogs
        exec "$VENV/bin/pytest" -m perf -s tests/perf "$@"
        ;;
    soak)
        install_step "$PACKAGES_TEST"
        ensure_venv
        compile_catalogs
        exec "$VENV/bin/pytest" -m soak -s "$@"
        ;;
    catalogs)
        ensure_venv
        update_catalogs
        ;;
    *)
        sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
        [ "$step" = help ]
        ;;
esac
