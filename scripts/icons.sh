#!/usr/bin/env bash
# Renders Spil's icon (a teal rounded square with a white "S") into every size
# Tauri and the Windows installer need. The results are committed; run this
# only to change the design. Needs ImageMagick 6 and the DejaVu fonts.
set -euo pipefail
cd "$(dirname "$0")/.."

master=$(mktemp --suffix=.png)
trap 'rm -f "$master"' EXIT

# PNG32: Tauri refuses icons that are not RGBA.
convert -size 1024x1024 xc:none \
  -fill '#0f766e' -draw 'roundrectangle 64,64 959,959 200,200' \
  -fill white -font DejaVu-Sans-Bold -pointsize 720 -gravity center \
  -annotate +0+20 'S' \
  "PNG32:$master"

for dir in src-tauri/icons assets/icons; do
  mkdir -p "$dir"
  convert "$master" -resize 32x32 "PNG32:$dir/32x32.png"
  convert "$master" -resize 128x128 "PNG32:$dir/128x128.png"
  convert "$master" -resize 256x256 "PNG32:$dir/128x128@2x.png"
  convert "$master" -resize 512x512 "PNG32:$dir/icon.png"
  convert "$master" -define icon:auto-resize=256,128,64,48,32,16 "$dir/icon.ico"
done
