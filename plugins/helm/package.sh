#!/bin/sh
# Assemble the Helm 4 post-renderer plugin from the built executable:
#   <out>/proxy-render/            plugin.yaml, README.md, bin/ (install this directory, or)
#   <out>/proxy-render-<version>.tgz   the same as a plugin archive
# <out> defaults to dist/helm-plugin. Run `npm run build` first (and `npm run build:sea` for
# executables that need no Node). bin/proxy-render-<os>-<arch> is the single executable for
# that platform when dist/ has one, else a copy of the Node bundle (which needs `node` on PATH).
# Helm's archive extractor accepts only directories and regular files, so everything is copied
# (no symbolic or hard links).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/dist/helm-plugin}
bundle=$root/dist/proxy-render

fail() {
  echo "package.sh: $*" >&2
  exit 1
}

[ -f "$bundle" ] || fail "$bundle is missing: run 'npm run build' first"
version=$(sed -n 's/^version:[[:space:]]*//p' "$here/plugin.yaml")
package_version=$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$root/package.json" | head -n 1)
[ "$version" = "$package_version" ] || fail "plugin.yaml version '$version' differs from package.json version '$package_version': update plugin.yaml"

mkdir -p "$out"
out=$(cd "$out" && pwd)
dir=$out/proxy-render
rm -rf "$dir"
mkdir -p "$dir/bin"
cp "$here/plugin.yaml" "$here/README.md" "$dir/"
cp "$bundle" "$dir/bin/proxy-render"
for platform in linux-amd64 linux-arm64 darwin-amd64 darwin-arm64; do
  if [ -f "$root/dist/proxy-render-$platform" ]; then
    cp "$root/dist/proxy-render-$platform" "$dir/bin/proxy-render-$platform"
  else
    cp "$bundle" "$dir/bin/proxy-render-$platform"
  fi
done
chmod 755 "$dir/bin/"*
chmod 644 "$dir/plugin.yaml" "$dir/README.md"

archive=$out/proxy-render-$version.tgz
COPYFILE_DISABLE=1 tar -C "$out" -czf "$archive" proxy-render
echo "plugin directory: $dir"
echo "plugin archive:   $archive"
echo "install with:     helm plugin install $dir"
