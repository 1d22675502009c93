#!/bin/sh
# Quartierskiosk: from a fresh Raspberry Pi OS (Bookworm, 64-bit, Lite) to a
# running kiosk. Run it again at any time (also to update): it only changes
# what differs and says so.
#
#   sudo deploy/install.sh [options]
#
#   --root DIR           install into the system below DIR (a chroot, an SD card
#                        mounted on another machine); default /
#   --data-device SPEC   mount SPEC (e.g. LABEL=kioskdata) on /var/lib/kiosk
#                        via /etc/fstab: the data partition
#   --read-only-root     make / read-only (raspi-config's overlay); needs the
#                        data partition, so SD cards survive power cuts
#   --nightly-restart    restart the app every night at 04:30
#   --no-start           do not (re)start services, even on a running system
#   -h, --help           this text
set -eu

PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
unset PYTHONPATH PYTHONHOME VIRTUAL_ENV 2>/dev/null || true
umask 022

# Debian packages the app needs on the console: Kivy's wheel brings SDL2,
# which drives the screen through KMS/DRM and Mesa's GL (libgbm, EGL, GLES);
# mtdev for touch; FriBiDi for Arabic and Persian text (Pillow loads it);
# DejaVu has Arabic glyphs; libusb for USB printers; v4l-utils has cec-ctl
# (HDMI screen standby); sqlite3 for a rescue at the console.
PACKAGES="python3 python3-venv udev libgl1-mesa-dri libegl1 libgles2 libgbm1 libdrm2 \
libmtdev1 libfribidi0 fonts-dejavu-core libusb-1.0-0 v4l-utils sqlite3 ca-certificates"
GROUPS_NEEDED="video render input lp dialout"
TIMERS="kiosk-sync.timer kiosk-netcheck.timer kiosk-display.timer"
KEEP_RELEASES=2

ROOT=/
DATA_DEVICE=""
READ_ONLY_ROOT=0
NIGHTLY_RESTART=0
START=1
SOURCE=$(cd "$(dirname "$0")/.." && pwd)
DEPLOY=$SOURCE/deploy

CHANGES=0
TODO=""
RESTART_APP=0
RELOAD_UNITS=0
REBOOT=0

say() { printf '%s\n' "$*"; }
changed() { CHANGES=$((CHANGES + 1)); say "  geändert: $*"; }
todo() { TODO="$TODO
  - $*"; }
die() { say "install.sh: $*" >&2; exit 1; }

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --root) [ $# -ge 2 ] || die "--root braucht einen Ordner"; ROOT=$2; shift ;;
        --root=*) ROOT=${1#--root=} ;;
        --data-device) [ $# -ge 2 ] || die "--data-device braucht ein Gerät"; DATA_DEVICE=$2; shift ;;
        --data-device=*) DATA_DEVICE=${1#--data-device=} ;;
        --read-only-root) READ_ONLY_ROOT=1 ;;
        --nightly-restart) NIGHTLY_RESTART=1 ;;
        --no-start) START=0 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unbekannte Option: $1" ;;
    esac
    shift
done

[ "$(id -u)" -eq 0 ] || die "bitte mit sudo aufrufen: sudo $0"
ROOT=$(cd "$ROOT" && pwd) || die "Ordner $ROOT gibt es nicht"
[ -f "$ROOT/etc/debian_version" ] || die "$ROOT ist kein Debian/Raspberry-Pi-OS-System"
[ -f "$SOURCE/pyproject.toml" ] || die "Quelle $SOURCE enthält kein pyproject.toml"
if [ "$ROOT" = / ]; then
    T=""
else
    T=$ROOT
fi

# Run a command inside the target system.
in_root() {
    if [ -z "$T" ]; then "$@"; else chroot "$ROOT" "$@"; fi
}

# A live system is one whose systemd is running: services can be started.
live() { [ -z "$T" ] && [ -d /run/systemd/system ] && [ "$START" -eq 1 ]; }

# put SRC DEST MODE OWNER:GROUP: install a file when content or rights differ.
put() {
    dest=$T$2
    if [ -f "$dest" ] && cmp -s "$1" "$dest" \
        && [ "$(in_root stat -c '%a %U:%G' "$2")" = "$3 $4" ]; then
        return 1
    fi
    mkdir -p "$(dirname "$dest")"
    cp "$1" "$dest.new"
    chmod "$3" "$dest.new"
    mv "$dest.new" "$dest"
    in_root chown "$4" "$2"
    changed "$2"
    return 0
}

# dir PATH MODE OWNER:GROUP
dir() {
    if [ -d "$T$1" ] && [ "$(in_root stat -c '%a %U:%G' "$1")" = "$2 $3" ]; then
        return 0
    fi
    mkdir -p "$T$1"
    chmod "$2" "$T$1"
    in_root chown "$3" "$1"
    changed "Ordner $1"
}

step_packages() {
    say "Pakete …"
    missing=""
    for pkg in $PACKAGES; do
        dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f='${Status}' "$pkg" 2>/dev/null \
            | grep -q "install ok installed" || missing="$missing $pkg"
    done
    [ -n "$missing" ] || return 0
    say "  installiere:$missing"
    in_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086  # the list is meant to split into words
    in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        $missing >/dev/null
    changed "Pakete installiert:$missing"
}

step_user() {
    say "Benutzer kiosk …"
    for group in $GROUPS_NEEDED; do
        if ! in_root getent group "$group" >/dev/null; then
            in_root groupadd --system "$group"
            changed "Gruppe $group angelegt"
        fi
    done
    if ! in_root getent passwd kiosk >/dev/null; then
        in_root useradd --system --user-group --home-dir /var/lib/kiosk --no-create-home \
            --shell /usr/sbin/nologin --comment "Quartierskiosk" kiosk
        changed "Benutzer kiosk angelegt"
    fi
    have=" $(in_root id -nG kiosk) "
    for group in $GROUPS_NEEDED; do
        case "$have" in
            *" $group "*) ;;
            *) in_root usermod -a -G "$group" kiosk; changed "kiosk in Gruppe $group"; REBOOT=1 ;;
        esac
    done
}

step_folders() {
    say "Ordner …"
    dir /etc/kiosk 750 root:kiosk
    dir /var/lib/kiosk 750 kiosk:kiosk
    dir /var/lib/kiosk/backups 750 kiosk:kiosk
    dir /opt/kiosk 755 root:root
    dir /opt/kiosk/releases 755 root:root
}

step_config() {
    say "Einstellungen …"
    put "$DEPLOY/kiosk.toml.example" /etc/kiosk/kiosk.toml.example 640 root:kiosk || true
    if [ ! -e "$T/etc/kiosk/kiosk.toml" ]; then
        put "$DEPLOY/kiosk.toml.example" /etc/kiosk/kiosk.toml 640 root:kiosk || true
    fi
    if grep -q '^id = ""' "$T/etc/kiosk/kiosk.toml"; then
        todo "Büro-Kennung eintragen: sudo nano /etc/kiosk/kiosk.toml ([office] id)"
    fi
    todo "Server-Adresse ([sync]) und Mitarbeiter-PINs ([web]) in /etc/kiosk/kiosk.toml prüfen"
}

# The files that make up a release, one per line, sorted.
source_files() {
    if [ -d "$SOURCE/.git" ] && command -v git >/dev/null 2>&1; then
        git -C "$SOURCE" ls-files --cached --others --exclude-standard
    else
        (cd "$SOURCE" && find . -type f ! -path './.git/*' ! -path './.venv/*' \
            ! -path '*/__pycache__/*' ! -path '*.egg-info/*' ! -name '*.pyc' | sed 's|^\./||')
    fi | LC_ALL=C sort
}

release_id() {
    version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$SOURCE/pyproject.toml" | head -n 1)
    digest=$(cd "$SOURCE" && source_files | while IFS= read -r f; do
        [ -f "$f" ] && printf '%s\n' "$f" && cat "$f"
    done | sha256sum | cut -c1-12)
    printf '%s-%s\n' "${version:-0}" "$digest"
}

step_app() {
    say "Programm …"
    id=$(release_id)
    release=/opt/kiosk/releases/$id
    if [ ! -f "$T$release/.complete" ]; then
        say "  baue $release (virtuelle Umgebung, pip) …"
        rm -rf "$T$release"
        mkdir -p "$T$release/src"
        (cd "$SOURCE" && source_files | while IFS= read -r f; do
            [ -f "$f" ] && printf '%s\n' "$f"
        done | tar -cf - -T -) | tar -xf - -C "$T$release/src"
        in_root python3 -m venv "$release"
        in_root "$release/bin/python" -m pip install --quiet --disable-pip-version-check "$release/src"
        # The translations: each locales/*/LC_MESSAGES/kiosk.po to its kiosk.mo (not kept in git).
        in_root "$release/bin/pybabel" -q compile -d "$release/src/locales" -D kiosk
        in_root "$release/bin/kiosk" --version >/dev/null
        touch "$T$release/.complete"
        changed "Programm $id installiert"
    fi
    if [ "$(readlink "$T/opt/kiosk/current" 2>/dev/null || true)" != "releases/$id" ]; then
        ln -sfn "releases/$id" "$T/opt/kiosk/current.new"
        mv -T "$T/opt/kiosk/current.new" "$T/opt/kiosk/current"
        changed "aktive Version: $id"
        RESTART_APP=1
    fi
    if [ "$(readlink "$T/opt/kiosk/src" 2>/dev/null || true)" != "current/src" ]; then
        ln -sfn current/src "$T/opt/kiosk/src"
        changed "/opt/kiosk/src"
    fi
    # Keep the newest releases for going back; never the active one.
    # shellcheck disable=SC2012  # release names are ours: version-hash, no odd characters
    ls -1t "$T/opt/kiosk/releases" | tail -n +$((KEEP_RELEASES + 1)) | while IFS= read -r old; do
        [ "$old" = "$id" ] && continue
        rm -rf "${T:?}/opt/kiosk/releases/$old"
        say "  geändert: alte Version $old entfernt"
    done
    if put "$DEPLOY/kiosk-command" /usr/local/bin/kiosk 755 root:root; then :; fi
}

step_units() {
    say "Dienste …"
    for unit in "$DEPLOY"/kiosk*.service "$DEPLOY"/kiosk*.timer; do
        name=$(basename "$unit")
        if put "$unit" "/etc/systemd/system/$name" 644 root:root; then
            RELOAD_UNITS=1
            [ "$name" = kiosk.service ] && RESTART_APP=1
        fi
    done
    wanted="kiosk.service $TIMERS"
    [ "$NIGHTLY_RESTART" -eq 1 ] && wanted="$wanted kiosk-restart.timer"
    for unit in $wanted; do
        if ! systemctl --root="$ROOT" is-enabled --quiet "$unit" 2>/dev/null; then
            systemctl --root="$ROOT" enable --quiet "$unit"
            changed "$unit eingeschaltet (startet beim Booten)"
        fi
    done
    if [ "$NIGHTLY_RESTART" -eq 0 ]; then
        say "  nächtlicher Neustart aus (einschalten: --nightly-restart)"
    fi
}

step_udev() {
    say "Geräterechte (udev) …"
    if put "$DEPLOY/70-kiosk.rules" /etc/udev/rules.d/70-kiosk.rules 644 root:root; then
        if live && command -v udevadm >/dev/null 2>&1; then
            udevadm control --reload
            udevadm trigger --subsystem-match=usb --subsystem-match=usbmisc \
                --subsystem-match=input --subsystem-match=backlight --subsystem-match=cec
        else
            REBOOT=1
        fi
    fi
}

step_data_device() {
    [ -n "$DATA_DEVICE" ] || return 0
    say "Datenpartition …"
    fstab=$T/etc/fstab
    touch "$fstab"
    present=$(awk '$1 !~ /^#/ && $2 == "/var/lib/kiosk" { print $1 }' "$fstab")
    if [ -z "$present" ]; then
        # nofail is deliberately absent: kiosk.service has RequiresMountsFor=,
        # so without its data partition the kiosk stops rather than writing
        # into a RAM overlay and losing the day.
        printf '%s\t/var/lib/kiosk\text4\tdefaults,noatime,x-systemd.device-timeout=30s\t0\t2\n' \
            "$DATA_DEVICE" >>"$fstab"
        changed "/etc/fstab: $DATA_DEVICE auf /var/lib/kiosk"
        REBOOT=1
        todo "Datenpartition $DATA_DEVICE muss existieren (ext4), z. B.: sudo mkfs.ext4 -L kioskdata /dev/mmcblk0p3"
    elif [ "$present" != "$DATA_DEVICE" ]; then
        say "  /etc/fstab hängt schon $present auf /var/lib/kiosk ein: nicht geändert"
    fi
}

step_read_only_root() {
    [ "$READ_ONLY_ROOT" -eq 1 ] || return 0
    say "Schreibgeschütztes System …"
    awk '$1 !~ /^#/ && $2 == "/var/lib/kiosk" { found = 1 } END { exit !found }' "$T/etc/fstab" 2>/dev/null \
        || die "--read-only-root braucht eine eigene Datenpartition: --data-device LABEL=kioskdata"
    journald=$(mktemp)
    printf '%s\n' "# Quartierskiosk: with a read-only root the journal lives in RAM." \
        "[Journal]" "Storage=volatile" "RuntimeMaxUse=64M" >"$journald"
    put "$journald" /etc/systemd/journald.conf.d/kiosk.conf 644 root:root || true
    rm -f "$journald"
    if in_root sh -c 'command -v raspi-config' >/dev/null 2>&1; then
        if [ "$(in_root raspi-config nonint get_overlay_conf 2>/dev/null || echo 1)" != 0 ]; then
            in_root raspi-config nonint enable_overlayfs
            changed "Overlay-Dateisystem eingeschaltet (ab dem nächsten Neustart)"
            REBOOT=1
        fi
        todo "Ab jetzt gehen Änderungen außerhalb von /var/lib/kiosk beim Neustart verloren; zum Aktualisieren erst: sudo raspi-config nonint disable_overlayfs && sudo reboot"
    else
        todo "raspi-config fehlt: Overlay von Hand einschalten (Paket overlayroot) oder auf Raspberry Pi OS ausführen"
    fi
}

step_start() {
    if ! live; then
        [ -z "$T" ] || say "Zielsystem $ROOT: Dienste starten beim nächsten Booten."
        return 0
    fi
    if [ "$RELOAD_UNITS" -eq 1 ]; then
        systemctl daemon-reload
    fi
    for timer in $TIMERS; do
        systemctl is-active --quiet "$timer" || { systemctl start "$timer"; changed "$timer gestartet"; }
    done
    state=$(systemctl is-active kiosk.service || true)
    if [ "$RESTART_APP" -eq 1 ] || [ "$state" = inactive ]; then
        systemctl restart kiosk.service
        changed "kiosk.service (neu) gestartet"
    elif [ "$state" = failed ]; then
        todo "kiosk.service ist abgestürzt: journalctl -u kiosk -n 100; dann sudo systemctl restart kiosk"
    fi
}

say "Quartierskiosk einrichten in $ROOT (Quelle: $SOURCE)"
step_packages
step_user
step_folders
step_config
step_app
step_units
step_udev
step_data_device
step_read_only_root
step_start

say ""
if [ "$CHANGES" -eq 0 ]; then
    say "Keine Änderung: alles war schon eingerichtet."
else
    say "$CHANGES Änderung(en) vorgenommen."
fi
[ "$REBOOT" -eq 0 ] || todo "Neu starten, damit Gruppen, Geräterechte und Einhängepunkte gelten: sudo reboot"
todo "Danach prüfen: sudo kiosk doctor"
say "Noch zu tun:$TODO"
