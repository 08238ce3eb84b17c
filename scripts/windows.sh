#!/usr/bin/env bash
# windows.sh — cross-build bin/paidup.exe for 64-bit Windows on Debian:
# mingw-w64's gcc for Fyne's cgo (GLFW, OpenGL), the application icon as a
# Windows resource (ImageMagick makes the .ico, mingw's windres the .syso
# that the Go linker picks up), no network. scripts/deps.sh windows
# installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-bin/paidup.exe}
cc=x86_64-w64-mingw32-gcc
for t in "$cc" x86_64-w64-mingw32-windres convert; do
	command -v "$t" >/dev/null || {
		echo "windows.sh: $t is missing: run scripts/deps.sh windows" >&2
		exit 1
	}
done

tmp=$(mktemp -d)
syso=paidup_windows_amd64.syso
# The .syso must sit beside main.go while the build runs; it is a build
# product, removed afterwards (and ignored by git).
trap 'rm -rf "$tmp" "$syso"' EXIT
convert assets/icon.png -define icon:auto-resize=256,128,64,48,32,16 "$tmp/paidup.ico"
version=$(git describe --tags --always --dirty 2>/dev/null || echo dev)
cat >"$tmp/paidup.rc" <<RC
1 ICON "paidup.ico"
1 VERSIONINFO
FILEVERSION 1,0,0,0
PRODUCTVERSION 1,0,0,0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
      VALUE "CompanyName", "Paidup"
      VALUE "FileDescription", "Paidup - accounts receivable"
      VALUE "ProductName", "Paidup"
      VALUE "ProductVersion", "$version"
      VALUE "OriginalFilename", "paidup.exe"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
RC
x86_64-w64-mingw32-windres --input "$tmp/paidup.rc" --output "$syso" --output-format=coff --include-dir "$tmp"
mkdir -p "$(dirname "$out")"
# -s -w: no symbol table or DWARF, a third off the download; panics
# still name their functions.
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=$cc go build -trimpath -ldflags="-s -w" -o "$out" .
ls -l "$out"
