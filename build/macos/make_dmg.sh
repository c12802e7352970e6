#!/usr/bin/env bash
# Turn Bisik.app into a dmg that opens to the app and an Applications link.
# Signs the app and the dmg, and notarizes and staples the dmg, when the signing secrets are set;
# without them it says so and makes an unsigned dmg (fine for testing, Gatekeeper will warn).
#
#   build/macos/make_dmg.sh dist/Bisik.app dist/bisik-0.1.0-macos-arm64.dmg
#
# Signing:      MACOS_SIGNING_IDENTITY  e.g. "Developer ID Application: Name (TEAMID)"
#               MACOS_CERTIFICATE, MACOS_CERTIFICATE_PASSWORD  (optional: base64 .p12 imported
#               into a throwaway keychain, as on CI)
# Notarizing:   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD  (an app-specific password)
set -euo pipefail

app=${1:?usage: make_dmg.sh Bisik.app out.dmg}
dmg=${2:?usage: make_dmg.sh Bisik.app out.dmg}
here=$(cd "$(dirname "$0")" && pwd)
[ -d "$app" ] || { echo "error: $app is not a folder" >&2; exit 1; }

work=$(mktemp -d)
keychain=""
cleanup() {
    [ -n "$keychain" ] && security delete-keychain "$keychain" || true
    rm -rf "$work"
}
trap cleanup EXIT

import_certificate() {
    keychain="$work/signing.keychain-db"
    local password
    password=$(uuidgen)
    security create-keychain -p "$password" "$keychain"
    security set-keychain-settings -lut 3600 "$keychain"
    security unlock-keychain -p "$password" "$keychain"
    echo "$MACOS_CERTIFICATE" | base64 --decode > "$work/certificate.p12"
    security import "$work/certificate.p12" -k "$keychain" -P "$MACOS_CERTIFICATE_PASSWORD" \
        -T /usr/bin/codesign
    security set-key-partition-list -S apple-tool:,apple: -s -k "$password" "$keychain" >/dev/null
    security list-keychains -d user -s "$keychain" $(security list-keychains -d user | tr -d '"')
}

signed=no
if [ -n "${MACOS_SIGNING_IDENTITY:-}" ]; then
    [ -n "${MACOS_CERTIFICATE:-}" ] && import_certificate
    codesign --force --deep --timestamp --options runtime \
        --entitlements "$here/entitlements.plist" --sign "$MACOS_SIGNING_IDENTITY" "$app"
    codesign --verify --deep --strict --verbose=2 "$app"
    signed=yes
else
    echo "signing skipped: MACOS_SIGNING_IDENTITY is not set (the dmg will be unsigned)"
fi

staging="$work/dmg"
mkdir -p "$staging"
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "Bisik" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"

if [ "$signed" = yes ]; then
    codesign --force --timestamp --sign "$MACOS_SIGNING_IDENTITY" "$dmg"
    if [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
        xcrun notarytool submit "$dmg" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
            --password "$APPLE_APP_PASSWORD" --wait
        xcrun stapler staple "$dmg"
    else
        echo "notarizing skipped: APPLE_ID, APPLE_TEAM_ID or APPLE_APP_PASSWORD is not set"
    fi
fi
echo "made $dmg"
