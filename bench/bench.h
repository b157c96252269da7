/*
 * Shared by the benchmark generators: a deterministic generator, so every
 * run of make bench measures the same data.
 */

#ifndef RENOVOTE_BENCH_H
#define RENOVOTE_BENCH_H

#include <stdint.h>

#ifndef nitems
#define nitems(a)	(sizeof (a) / sizeof (a)[0])
#endif

/* Advance a splitmix64 generator and return its next output. */
static inline uint64_t
rng_next(uint64_t *state)
{
	uint64_t	 z;

	z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n), n > 0; the modulo bias is irrelevant here. */
static inline uint32_t
rng_below(uint64_t *state, uint32_t n)
{
	return (uint32_t)(rng_next(state) % n);
}

#endif /* RENOVOTE_BENCH_H */
