#!/usr/bin/env bash
# Training over MPI (src/train/dist.hpp), two ranks on loopback against one
# process: bash mpi_train.sh CASE DIST_PROBE SEQGEN MPIRUN
#   reduce  the deterministic sum and the weight hash check
#   exact   2 ranks x 1 copy = 1 process x 2 copies, bit for bit (handwriting, weight noise)
#   text    2 ranks ~ 1 process (text streams split; equal up to summation order)
#   resume  a 2-rank checkpoint resumed by 1 process and a 1-process one by 2 ranks
#   kill    a rank killed mid-run ends the job with an error; the checkpoint resumes
#   cli     seqgen train under mpirun: one log, rank 0's output only
# Runs as root in a bare root (CI): no ssh, no /etc/hosts entry needed for local ranks.
set -euo pipefail
case_=$1 probe=$2 seqgen=$3 mpirun=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi() {
  "$mpirun" --oversubscribe --bind-to none -np 2 --mca btl self,tcp --mca btl_tcp_if_include lo \
    --mca oob_tcp_if_include lo --mca plm isolated --mca pml ob1 -x OMP_NUM_THREADS=1 "$@"
}
one() { OMP_NUM_THREADS=2 "$probe" "$@"; }  # one process, two copies of the network
die() { echo "FAIL: $*" >&2; exit 1; }
close() {  # close() NAME A B TOL: validation scores within TOL relative, same step count
  paste <(echo "$2") <(echo "$3") | awk -v name="$1" -v tol="$4" '
    $1 == "valid" { d = $3 - $6; if (d < 0) d = -d; if (d > tol * ($3 < 0 ? -$3 : $3)) bad = 1
                    printf "%s epoch %d: %.15g vs %.15g\n", name, $2, $3, $6 }
    $1 == "steps" && $2 != $4 { bad = 1 }
    END { exit bad }' || die "$1: validation not within $4"
}
# same() NAME A B: the same weights, bit for bit, after the same updates, and
# the same validation curve (to 1e-12: the evaluation's sums follow the thread count).
same() {
  [ "$(grep -v ^valid <<<"$2")" == "$(grep -v ^valid <<<"$3")" ] ||
    die "$1 differ:"$'\n'"$(diff <(echo "$2") <(echo "$3"))"
  close "$1" "$2" "$3" 1e-12
  echo "$1: weights identical, $(grep ^weights <<<"$2"), $(grep ^steps <<<"$2")"
}

case $case_ in
reduce)
  mpi "$probe" reduce | tee "$tmp/out"
  grep -q "reduce ok" "$tmp/out" || die "no result from rank 0"
  ;;
exact)
  a=$(one pen "$tmp/one" epochs=4 noise=0.02)
  b=$(mpi "$probe" pen "$tmp/two" epochs=4 noise=0.02)
  same "1 process x 2 copies / 2 ranks" "$a" "$b"
  ;;
text)
  a=$(one text "$tmp/one" epochs=3)
  b=$(mpi "$probe" text "$tmp/two" epochs=3)
  close "text 1 process / 2 ranks" "$a" "$b" 1e-3
  # The carried LSTM states of both ranks' streams survive a mid-epoch resume.
  mpi "$probe" text "$tmp/r" epochs=3 steps=50 >/dev/null
  c=$(mpi "$probe" text "$tmp/r" epochs=3 resume=1)
  same "text 2 ranks straight / 2 ranks resumed at step 50" "$b" "$c"
  OMP_NUM_THREADS=1 "$probe" text "$tmp/r1" epochs=3 steps=50 >/dev/null
  d=$(mpi "$probe" text "$tmp/r1" epochs=3 resume=1)
  close "text 2 ranks / 1 process then 2 ranks from step 50" "$b" "$d" 1e-3
  ;;
resume)
  a=$(one pen "$tmp/one" epochs=4 noise=0.02)
  mpi "$probe" pen "$tmp/21" epochs=4 noise=0.02 steps=13 >/dev/null
  b=$(one pen "$tmp/21" epochs=4 noise=0.02 resume=1)
  same "straight / 2 ranks to step 13 then 1 process" "$a" "$b"
  one pen "$tmp/12" epochs=4 noise=0.02 steps=13 >/dev/null
  c=$(mpi "$probe" pen "$tmp/12" epochs=4 noise=0.02 resume=1)
  same "straight / 1 process to step 13 then 2 ranks" "$a" "$c"
  ;;
kill)
  run=$tmp/k
  timeout 120 "$mpirun" --version >/dev/null
  set +e
  (mpi "$probe" pen "$run" epochs=100000 ckpt_minutes=0.0005 >"$tmp/log" 2>&1; echo $? >"$tmp/rc") &
  set -e
  for _ in $(seq 300); do [ -s "$run/checkpoint.safetensors" ] && [ -s "$run/pid.1" ] && break; sleep 0.1; done
  [ -s "$run/checkpoint.safetensors" ] || die "no checkpoint after 30 s"
  sleep 1
  kill -9 "$(cat "$run/pid.1")"
  for _ in $(seq 600); do [ -s "$tmp/rc" ] && break; sleep 0.1; done
  cat "$tmp/log"
  [ -s "$tmp/rc" ] || die "the job still runs 60 s after rank 1 was killed"
  rc=$(cat "$tmp/rc")
  [ "$rc" != 0 ] || die "mpirun exited 0 after a rank was killed"
  grep -Eq "rank 1 .*(signal 9|Killed)" "$tmp/log" || die "mpirun did not say that rank 1 was killed"
  echo "job ended with exit $rc"
  # The last checkpoint is whole: one process resumes from it.
  r=$(OMP_NUM_THREADS=1 "$probe" pen "$run" epochs=100000 resume=1 steps=3)
  echo "$r" | grep -q "^steps" || die "no resume from the checkpoint"
  echo "resumed from the checkpoint left: $(grep -c . <<<"$r") lines, $(echo "$r" | grep ^steps)"
  ;;
cli)
  for i in $(seq 400); do echo "the quick brown fox jumps over the lazy dog $i"; done >"$tmp/train.txt"
  head -50 "$tmp/train.txt" >"$tmp/valid.txt"
  mpi "$seqgen" train text --train "$tmp/train.txt" --valid "$tmp/valid.txt" --run "$tmp/run" --epochs 1 \
    --hidden 16 --batch 4 --seq 20 >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/out" "$tmp/err"; die "mpirun failed"; }
  cat "$tmp/out"
  [ "$(grep -c '^done:' "$tmp/out")" == 1 ] || die "expected rank 0's 'done:' line once"
  grep -q "^MPI: 2 ranks" "$tmp/run/train.log" || die "train.log lacks the MPI line"
  [ -s "$tmp/run/best.safetensors" ] || die "no best model"
  # A usage error on every rank: exit 2, the job ends.
  if mpi "$seqgen" train text --train "$tmp/train.txt" --valid "$tmp/valid.txt" --run "$tmp/run2" --batch x >"$tmp/out" 2>&1; then
    die "a bad --batch was accepted"
  fi
  grep -q "batch" "$tmp/out" || die "the error does not name --batch"
  ;;
*) die "unknown case $case_" ;;
esac
