/* The entry point every fuzz target defines: libFuzzer calls it with each
 * input, and fuzz/replay.c calls it with each file of a committed corpus,
 * so the corpora run as ordinary tests in every build. */
#ifndef PLIEGO_FUZZ_H
#define PLIEGO_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
