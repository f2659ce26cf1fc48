#!/usr/bin/env bash
# Builds what a station installs, from one command (README "Install on a station"):
#   OUT/tool/fixture.<version>.nupkg   the `fixture` .NET tool (needs the .NET 10 runtime on the station)
#   OUT/linux-x64/, OUT/linux-arm64/, OUT/win-x64/
#                                      self-contained single-file `fixture` (no .NET needed), with the
#                                      config/ folder (simulated station, sim recipe, unit files) beside it
# Usage: scripts/publish.sh [OUT]      (default OUT: artifacts/ in the repository)
# Only src/Controller (the product) is packed: test and lab projects never enter these files.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/artifacts}"
project="$root/src/Controller/Fixture.Controller.csproj"
rids=(linux-x64 linux-arm64 win-x64)

# Only what this script makes is replaced: OUT may be a folder that holds other things.
rm -rf "$out/tool" "${rids[@]/#/$out/}"
mkdir -p "$out"

echo "== tool package -> $out/tool"
dotnet pack "$project" -c Release -o "$out/tool" -p:DebugType=none -p:DebugSymbols=false

for rid in "${rids[@]}"; do
  echo "== single-file $rid -> $out/$rid"
  # PackAsTool is off here: a tool package is framework-dependent by definition, these builds are not.
  dotnet publish "$project" -c Release -r "$rid" --self-contained true \
    -p:PackAsTool=false \
    -p:PublishSingleFile=true \
    -p:IncludeNativeLibrariesForSelfExtract=true \
    -p:EnableCompressionInSingleFile=true \
    -p:DebugType=none -p:DebugSymbols=false \
    -o "$out/$rid"
done

echo
echo "Built:"
ls -l "$out"/tool/*.nupkg
for rid in "${rids[@]}"; do
  ls -l "$out/$rid"/fixture*
done
