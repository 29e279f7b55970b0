# Sourced by the bench scripts: their options and their scratch directory, parsed and made the same way.

# bench_options USAGE --name VAR ... -- "$@": each "--name VALUE" argument sets the variable VAR to VALUE (the script
# sets the defaults before); any other argument, or an option without its value, prints "usage: USAGE" and exits 2.
bench_options() {
  local usage=$1 names=() i found
  shift
  while [ "$1" != "--" ]; do names+=("$1" "$2"); shift 2; done
  shift
  while [ $# -gt 0 ]; do
    found=""
    for ((i = 0; i < ${#names[@]}; i += 2)); do
      if [ "$1" = "${names[i]}" ] && [ $# -ge 2 ]; then printf -v "${names[i + 1]}" '%s' "$2"; found=1; break; fi
    done
    [ -n "$found" ] || { echo "usage: $usage" >&2; exit 2; }
    shift 2
  done
}

# bench_dir NAME: with $DIR set, creates it and leaves it in place (a real disk to measure); else sets $DIR to a new
# directory NAME.XXXXXX under /dev/shm (memory-backed: on a shared machine disk writeback of other work swamps what is
# measured), or under $TMPDIR where there is no /dev/shm, deleted when the script exits.
bench_dir() {
  if [ -z "$DIR" ]; then
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then DIR=$(mktemp -d "/dev/shm/$1.XXXXXX")
    else DIR=$(mktemp -d -t "$1.XXXXXX"); fi
    trap 'rm -rf "$DIR"' EXIT
  else
    mkdir -p "$DIR"
  fi
}
