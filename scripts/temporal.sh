#!/usr/bin/env bash
# `npm run temporal -- <args>`: the Temporal CLI banli built (or TEMPORAL_CLI_PATH), e.g.
#   npm run temporal -- workflow list --query "BanliLeadUnit='区民政局' AND BanliStage='closed'"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-temporal.sh
# shellcheck disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/cache-dir.sh"
source "$BANLI_CACHE/temporal.env"
exec "$TEMPORAL_CLI_PATH" "$@"
