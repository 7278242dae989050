# Sourced (POSIX sh) by scripts/jbang and by the cron-faithful test: makes the JVMs it starts run
# under a UTF-8 locale, whatever the caller's.
#
# Why here and not in Java: on JDK 17 the charset of file names (sun.jnu.encoding) comes only
# from the C library's locale at JVM start; -Dsun.jnu.encoding is ignored (checked on 17.0.15).
# Cron gives a job no LANG or LC_*, so the JVM runs with ANSI_X3.4-1968 (ASCII) and cannot even
# name `café menu.pdf`. Only the process that starts the JVM can fix that, so the launcher does.
# Everything else (CSVs, reports, the executed notebook, the log) is UTF-8 in the code itself, and
# the scripts pass -Dfile.encoding=UTF-8 for what the platform charset still reaches (System.out).
#
# A caller whose locale is already UTF-8 (an operator's terminal) is left alone; otherwise
# LC_ALL=C.UTF-8 (built into glibc since 2.35, so Debian 12 always has it), i.e. the C locale
# with UTF-8 text, which is what cron's default "C"/"POSIX" means apart from the charset.
nightly_utf8_locale() {
  if ! command -v locale >/dev/null 2>&1; then
    # No locale(1) to ask (a minimal container): trust a locale variable that names UTF-8.
    case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
      *[Uu][Tt][Ff]-8* | *[Uu][Tt][Ff]8*) return 0 ;;
    esac
    LC_ALL=C.UTF-8
    export LC_ALL
    return 0
  fi
  [ "$(locale charmap 2>/dev/null)" = "UTF-8" ] && return 0
  for candidate in C.UTF-8 C.utf8 en_US.UTF-8; do
    if [ "$(LC_ALL=$candidate locale charmap 2>/dev/null)" = "UTF-8" ]; then
      LC_ALL=$candidate
      export LC_ALL
      return 0
    fi
  done
  echo "warning: no UTF-8 locale on this machine (tried C.UTF-8, en_US.UTF-8): file names outside ASCII" \
    "will be reported as unsafe by sync-files; install one (Debian: locales) or set LC_ALL in the cron line" >&2
  return 0
}
nightly_utf8_locale
