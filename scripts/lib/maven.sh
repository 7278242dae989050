# Sourced by the scripts: runs Maven through the wrapper when there is one, else `mvn`.
mvn_run() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  if [ -x "$root/mvnw" ]; then "$root/mvnw" -B -f "$root/pom.xml" "$@"; else mvn -B -f "$root/pom.xml" "$@"; fi
}
