#!/usr/bin/env bash
# Start-up speed of ./attnlab against plain jshell, side by side on this machine (issue 4, "Speed").
#   prompt: launch -> the prompt is on the screen (in a tmux pseudo-terminal, polled every 10 ms)
#   first:  launch -> exit of `echo 'attention(randn(1,4,8), randn(1,4,8), randn(1,4,8))' | ./attnlab`
#           (jshell: `echo '1+1' | jshell -q`)
# Usage: bench/startup.sh [RUNS]   (default 5; prints the median of each). JAVA_HOME picks the JDK for both.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
JSHELL="${JAVA_HOME:+$JAVA_HOME/bin/}jshell"
SOCK="attnlab-bench-$$"
trap 'tmux -L "$SOCK" kill-server 2>/dev/null || true' EXIT

./attnlab -e 1 >/dev/null   # build the jar and the CDS archive first: not part of the measurement

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%d.%03d", m/1000000000, (m/1000000)%1000}'; }

prompt_time() { # $1 = command, $2 = prompt text
  local t0 t1
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  t0=$(now)
  tmux -L "$SOCK" new-session -d -s b -x 120 -y 30 "$1"
  until tmux -L "$SOCK" capture-pane -p -t b 2>/dev/null | grep -q "^$2"; do sleep 0.01; done
  t1=$(now)
  tmux -L "$SOCK" kill-server 2>/dev/null || true
  echo $((t1 - t0))
}

first_time() { # $1 = command line
  local t0 t1
  t0=$(now); bash -c "$1" >/dev/null 2>&1; t1=$(now)
  echo $((t1 - t0))
}

A_PROMPT=$(for i in $(seq "$RUNS"); do prompt_time "ATTNLAB_HISTORY=/dev/null ./attnlab" "attn>"; done | median)
J_PROMPT=$(for i in $(seq "$RUNS"); do prompt_time "$JSHELL -q" "jshell>"; done | median)
A_FIRST=$(for i in $(seq "$RUNS"); do first_time "echo 'attention(randn(1,4,8), randn(1,4,8), randn(1,4,8))' | ./attnlab"; done | median)
J_FIRST=$(for i in $(seq "$RUNS"); do first_time "echo '1+1' | $JSHELL -q"; done | median)

echo "JDK: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)   cores: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %10s %10s\n' "median of $RUNS runs (seconds)" "attnlab" "jshell -q"
printf '%-34s %10s %10s\n' "launch -> usable prompt" "$A_PROMPT" "$J_PROMPT"
printf '%-34s %10s %10s\n' "launch -> first result (piped)" "$A_FIRST" "$J_FIRST"
