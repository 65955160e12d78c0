# Sourced by dev.sh and test.sh: installs what is missing (npm packages, the Temporal binaries)
# and exports TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH.
bash "$(dirname "${BASH_SOURCE[0]}")/ensure-node-deps.sh"
bash "$(dirname "${BASH_SOURCE[0]}")/ensure-temporal.sh"
set -a
# shellcheck disable=SC1091
source "${BANLI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/banli}/temporal.env"
set +a
