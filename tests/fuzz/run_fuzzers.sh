#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and runs each one for
# FUZZ_SECONDS (default 20) from its seed corpus in tests/fuzz/corpus/<target>/.
# Exits non-zero if the build fails or any fuzzer finds a crash, leak, timeout or UB;
# the reproducer is left in build-fuzz/fuzz-artifacts/<target>/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-20}
TARGETS=(csv_reader_fuzz xlsx_reader_fuzz)
JOBS=${JOBS:-2}

# The library code must be instrumented too, or libFuzzer gets no coverage from it.
# UB is made fatal so that UBSan findings fail the run like crashes do.
INSTRUMENT="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
FUZZ_LINK="-fsanitize=fuzzer,address,undefined"

build_with_cmake() {
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -DCORRIDOR_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS="$INSTRUMENT" -DCMAKE_CXX_FLAGS="$INSTRUMENT" >"$BUILD/configure.log" 2>&1 &&
    cmake --build "$BUILD" --target "${TARGETS[@]}" -j"$JOBS"
}

# Fallback while other modules cannot configure or compile yet: the fuzz targets only need
# the three readers, core/strings.cc, libzip, expat and libsodium.
build_directly() {
  local obj="$BUILD/direct-obj"
  mkdir -p "$obj"
  local flags=(-std=c++20 -O1 -g $INSTRUMENT -I"$ROOT/src")
  local objects=()
  for src in "$ROOT"/src/importers/{csv_reader,zip_archive,xlsx_reader}.cc "$ROOT"/src/core/strings.cc; do
    local o="$obj/$(basename "$(dirname "$src")")_$(basename "$src" .cc).o"
    clang++ "${flags[@]}" -c "$src" -o "$o"
    objects+=("$o")
  done
  for t in "${TARGETS[@]}"; do
    clang++ "${flags[@]}" $FUZZ_LINK "$ROOT/tests/fuzz/$t.cc" "${objects[@]}" -lzip -lexpat -lsodium -o "$BUILD/$t"
  done
}

mkdir -p "$BUILD"
if ! build_with_cmake; then
  echo "run_fuzzers: the CMake build of the fuzz targets failed (see $BUILD/configure.log);" \
       "building them directly with clang++ instead" >&2
  build_directly
fi

failed=()
for t in "${TARGETS[@]}"; do
  bin="$BUILD/$t"
  [[ -x "$bin" ]] || bin=$(find "$BUILD" -type f -name "$t" -perm -u+x | head -n1)
  if [[ -z "$bin" || ! -x "$bin" ]]; then
    echo "run_fuzzers: $t was not built" >&2
    failed+=("$t (not built)")
    continue
  fi
  work="$BUILD/fuzz-corpus/$t"        # new inputs go here, not into the checked-in seeds
  artifacts="$BUILD/fuzz-artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  echo "=== $t: ${SECONDS_PER_TARGET}s ==="
  if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
     UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     "$bin" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
       -print_final_stats=1 -artifact_prefix="$artifacts" "$work" "$ROOT/tests/fuzz/corpus/$t"; then
    echo "=== $t: no crash ==="
  else
    echo "=== $t: FAILED, reproducer(s) in $artifacts ===" >&2
    failed+=("$t")
  fi
done

if ((${#failed[@]})); then
  echo "run_fuzzers: failures: ${failed[*]}" >&2
  exit 1
fi
echo "run_fuzzers: all fuzzers ran clean"
