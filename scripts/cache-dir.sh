# Sourced: where banli caches the Temporal binaries, outside the checkout.
BANLI_CACHE="${BANLI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/banli}"
