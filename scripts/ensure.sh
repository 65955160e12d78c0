# Sourced by dev.sh and test.sh: installs what is missing (npm packages, the Temporal binaries)
# and exports TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH.
bash "$(dirname "${BASH_SOURCE[0]}")/ensure-node-deps.sh"
bash "$(dirname "${BASH_SOURCE[0]}")/ensure-temporal.sh"
set -a
# shellcheck disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/cache-dir.sh"
source "$BANLI_CACHE/temporal.env"
set +a
