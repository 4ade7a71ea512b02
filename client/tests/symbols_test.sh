#!/usr/bin/env bash
# Fails when libnango.a or libnango.so defines a global symbol outside the
# public API (nango_ followed by a letter): the JSON module (nj_*), jsmn and
# libnango's internals (nango__*) must stay inside the library.
# Usage: symbols_test.sh LIBNANGO_A LIBNANGO_SO
set -u
rc=0
for lib in "$1" "$2"; do
  opt=--defined-only
  case $lib in *.so*) opt="--defined-only -D" ;; esac
  # shellcheck disable=SC2086
  all=$(nm -g $opt "$lib" | awk 'NF==3 && $2 ~ /[A-TV-Z]/ {print $3}')
  [ -n "$all" ] || { echo "FAIL $lib: no global symbol at all"; rc=1; continue; }
  bad=$(printf '%s\n' "$all" | grep -v '^nango_[a-z]' | grep -v '^_init$\|^_fini$')
  if [ -n "$bad" ]; then
    echo "FAIL $lib exports $(printf '%s\n' "$bad" | wc -l) non-API symbols:"
    printf '%s\n' "$bad" | head -20
    rc=1
  else
    echo "ok - $lib: $(printf '%s\n' "$all" | grep -c '^nango_') symbols, all nango_*"
  fi
done
exit $rc
