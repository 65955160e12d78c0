#!/usr/bin/env bash
# `npm run temporal -- <args>`: the Temporal CLI banli built (or TEMPORAL_CLI_PATH), e.g.
#   npm run temporal -- workflow list --query "BanliLeadUnit='区民政局' AND BanliStage='closed'"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-temporal.sh
# shellcheck disable=SC1091
source "${BANLI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/banli}/temporal.env"
exec "$TEMPORAL_CLI_PATH" "$@"
