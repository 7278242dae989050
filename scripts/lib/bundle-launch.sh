# Sourced by scripts/jbang inside a bundle made by scripts/bundle: runs a command's JBang script the
# way JBang would, with no JBang, no Maven and no network. The jars are already in the bundle; the
# script itself still says which JVM options to use (//JAVA_OPTIONS, //CDS) and which class to run.
#
#   scripts/jbang NAME[@.] [ARGS]    NAME as in jbang-catalog.json (migrate, export-ids, ...)
#   scripts/jbang scripts/X.java [ARGS]
bundle_launch() {
  local root=$1 target=${2:-}
  shift 2 || { echo "jbang (bundle): name a command: scripts/jbang migrate|export-ids|sync-files|inspect|cutover|demo [ARGS]" >&2; exit 2; }
  local script
  case $target in
    *.java) script=$target ;;
    -*) echo "jbang (bundle): JBang's own options are not available in the bundle; run scripts/jbang NAME [ARGS]" >&2; exit 2 ;;
    *)
      local name=${target%@.}
      # The alias's entry in the catalog spans the lines from "NAME": { to its closing brace.
      script=$(sed -n "/^ *\"$name\": *{/,/}/s/.*\"script-ref\": *\"\\([^\"]*\\)\".*/\\1/p" "$root/jbang-catalog.json")
      [[ -n $script ]] || { echo "jbang (bundle): no command \"$name\" in $root/jbang-catalog.json" >&2; exit 2; }
      script=$root/$script ;;
  esac
  [[ -f $script ]] || { echo "jbang (bundle): no such script: $script" >&2; exit 2; }
  script=$(cd "$(dirname "$script")" && pwd)/$(basename "$script")

  local main options=()
  main=$(grep -oE '[a-z][A-Za-z0-9_.]*\.[A-Z][A-Za-z0-9_]*\.main\(args\)' "$script" | head -n1)
  [[ -n $main ]] || { echo "jbang (bundle): $script calls no Command.main(args)" >&2; exit 2; }
  main=${main%.main(args)}
  read -r -a options <<<"$(sed -n 's,^//JAVA_OPTIONS ,,p' "$script" | tr '\n' ' ')"

  # The commands' jars first, then the library's dependencies (the notebooks' %classpath names those).
  local cp="$root/jars/*:$root/lib/target/classpath/*"
  if grep -q '^//CDS' "$script"; then
    options+=($(bundle_cds_options "$root" "$(basename "$script" .java)"))
  fi
  exec java "${options[@]}" -Djbang.source="$script" -cp "$cp" "$main" "$@"
}

# Class data sharing as JBang's //CDS does it: the first run archives the classes it loaded, later
# runs map them. The archive lives in the user's cache (the bundle may be read-only) and is named by
# the bundle and the JDK version, so an upgrade of either starts a new one; no cache, no archive.
bundle_cds_options() {
  local root=$1 name=$2 dir java_home version feature bundle
  dir=${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/nightly-migration/cds
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  version=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$java_home/release" 2>/dev/null)
  [[ -n $version ]] && mkdir -p "$dir" 2>/dev/null && [[ -w $dir ]] || return 0
  feature=${version%%[.+-]*}
  bundle=$(cksum <"$root/bundle.properties" | cut -d' ' -f1)
  local archive="$dir/$name-$bundle-$version.jsa"
  if (( feature >= 19 )); then
    echo "-XX:SharedArchiveFile=$archive -XX:+AutoCreateSharedArchive"
  elif [[ -f $archive ]]; then
    echo "-XX:SharedArchiveFile=$archive"
  else
    echo "-XX:ArchiveClassesAtExit=$archive"
  fi
}
