# Sourced by the scripts: runs Maven in the project root, through the wrapper (which fetches a
# pinned Maven from Maven Central) unless MIGRATOR_MAVEN names another `mvn`.
mvn_run() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  (cd "$root" && "${MIGRATOR_MAVEN:-$root/mvnw}" -B "$@")
}
# The commit the build is made from, for --version: "-dirty" when the work tree has changes.
git_commit() {
  git -C "$(dirname "${BASH_SOURCE[0]}")" describe --always --dirty --abbrev=12 2>/dev/null || echo unknown
}
