#ifndef BUURT_CGSL_SHIM_H
#define BUURT_CGSL_SHIM_H
/* Let GSL expose its small generator calls as inline functions (no extra call per draw). */
#ifndef HAVE_INLINE
#define HAVE_INLINE 1
#endif
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_errno.h>

/* Swift 6 refuses GSL's generator-type globals as not concurrency-safe: reach them through accessors. */
static inline const gsl_qrng_type *cgsl_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_qrng_type *cgsl_qrng_niederreiter_2(void) { return gsl_qrng_niederreiter_2; }
/* The generator: Philox4x32-10 (Salmon, Moraes, Dror & Shaw 2011, "Parallel random numbers: as
 * easy as 1, 2, 3"), from Random123 (Debian librandom123-dev, header-only). It is counter-based:
 * block k of a stream is philox4x32(counter, key), four 32-bit words used in order, with nothing
 * carried from block to block. Its multiplies are 32 x 32 -> 64 bits, which vector units do
 * natively (eight or sixteen residents' blocks at once in the encounter kernels).
 *
 * A stream's counter is written as two 64-bit words (c0, c1) and its key as one 64-bit word; the
 * generator sees the counter as the four 32-bit words (c0 low, c0 high, c1 low, c1 high) and the
 * key as (key low, key high). Two kinds of stream use it:
 *  - a sequential stream (one per process, and for initialisation): key = a 64-bit seed mixed from
 *    (seed, purpose); counter c0 = the block number, c1 = 0;
 *  - an agent's stream for one week of a parallel phase: key from the seed; c0 = purpose << 32 |
 *    block, c1 = tick << 32 | agent. An agent's draws then do not depend on how agents are split
 *    into chunks or threads.
 * The same state is a `gsl_rng` (type `cgsl_rng_philox`) so GSL's distributions (Beta, Gamma,
 * Poisson, binomial, Gaussian) draw from the very same stream through its function pointers, while
 * the hot loops call the inline functions below. */
#include <stdint.h>
#include <Random123/philox.h>

typedef struct {
    uint64_t c0, c1;        /* the next block's counter */
    uint64_t key;
    uint32_t buf[4];        /* the current block's four words */
    uint32_t idx;           /* words of buf used (4: draw a new block) */
} cgsl_philox_state;

/* Block (c0, c1) under `key`: Philox4x32-10's four words. */
static inline __attribute__((always_inline))
void cgsl_philox_words(uint64_t c0, uint64_t c1, uint64_t key, uint32_t out[4]) {
    philox4x32_ctr_t c = {{(uint32_t)c0, (uint32_t)(c0 >> 32), (uint32_t)c1, (uint32_t)(c1 >> 32)}};
    philox4x32_key_t k = {{(uint32_t)key, (uint32_t)(key >> 32)}};
    philox4x32_ctr_t r = philox4x32(c, k);
    out[0] = r.v[0]; out[1] = r.v[1]; out[2] = r.v[2]; out[3] = r.v[3];
}

/* A stream at block 0 of counter (c0, c1) under a 64-bit key. */
static inline __attribute__((always_inline))
void cgsl_philox_init(cgsl_philox_state *s, uint64_t key, uint64_t c0, uint64_t c1) {
    s->key = key;
    s->c0 = c0; s->c1 = c1;
    s->buf[0] = s->buf[1] = s->buf[2] = s->buf[3] = 0;
    s->idx = 4;
}

/* The next 32 random bits. */
static inline __attribute__((always_inline)) uint32_t cgsl_philox_next(cgsl_philox_state *s) {
    if (__builtin_expect(s->idx >= 4, 0)) {
        cgsl_philox_words(s->c0, s->c1, s->key, s->buf);
        s->c0++;
        s->idx = 0;
    }
    return s->buf[s->idx++];
}

/* Block 0 of the streams at counters (c0, c1), (c0, c1 + 1), ..., (c0, c1 + n - 1) under one key,
 * into out[2k] (words 0 and 1, word 0 in the low half) and out[2k + 1] (words 2 and 3): the first
 * blocks of n consecutive agents' streams, computed in one loop with no branches so the processor
 * overlaps the independent blocks (the agents' own loops branch on random numbers, which stops
 * that overlap). `cgsl_philox_init_at` then starts a stream there. */
static inline void cgsl_philox_first_blocks(uint64_t key, uint64_t c0, uint64_t c1, int n, uint64_t *out) {
    for (int i = 0; i < n; i++) {
        uint32_t w[4];
        cgsl_philox_words(c0, c1 + (uint64_t)i, key, w);
        out[2 * i] = (uint64_t)w[0] | (uint64_t)w[1] << 32; out[2 * i + 1] = (uint64_t)w[2] | (uint64_t)w[3] << 32;
    }
}

/* A stream at counter (c0, c1) whose block 0 (r0, r1, as `cgsl_philox_first_blocks` packs it) is
 * already computed: the same numbers as `cgsl_philox_init` followed by draws, without computing
 * that block again. */
static inline __attribute__((always_inline))
void cgsl_philox_init_at(cgsl_philox_state *s, uint64_t key, uint64_t c0, uint64_t c1, uint64_t r0, uint64_t r1) {
    s->key = key;
    s->c0 = c0 + 1; s->c1 = c1;
    s->buf[0] = (uint32_t)r0; s->buf[1] = (uint32_t)(r0 >> 32);
    s->buf[2] = (uint32_t)r1; s->buf[3] = (uint32_t)(r1 >> 32);
    s->idx = 0;
}

/* Uniform on [0, 1) with 32-bit resolution (as GSL's 32-bit generators give). */
static inline __attribute__((always_inline)) double cgsl_philox_uniform(cgsl_philox_state *s) {
    return cgsl_philox_next(s) / 4294967296.0;
}

/* Uniform integer in 0..<n (1 <= n < 2^32), exactly uniform: Lemire's multiply-and-shift with
 * rejection (Lemire 2019, "Fast random integer generation in an interval"); no division on the
 * common path. */
static inline __attribute__((always_inline)) uint32_t cgsl_philox_below(cgsl_philox_state *s, uint32_t n) {
    uint64_t m = (uint64_t)cgsl_philox_next(s) * n;
    uint32_t low = (uint32_t)m;
    if (__builtin_expect(low < n, 0)) {
        uint32_t floor = (uint32_t)(-n) % n;
        while (low < floor) {
            m = (uint64_t)cgsl_philox_next(s) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

static void cgsl_philox_gsl_set(void *state, unsigned long seed) {
    cgsl_philox_init((cgsl_philox_state *)state, (uint64_t)seed, 0, 0);
}
static unsigned long cgsl_philox_gsl_get(void *state) { return cgsl_philox_next((cgsl_philox_state *)state); }
static double cgsl_philox_gsl_get_double(void *state) { return cgsl_philox_uniform((cgsl_philox_state *)state); }
static const gsl_rng_type cgsl_philox_type = {
    "philox4x32-10", 0xffffffffUL, 0, sizeof(cgsl_philox_state),
    &cgsl_philox_gsl_set, &cgsl_philox_gsl_get, &cgsl_philox_gsl_get_double
};
static inline const gsl_rng_type *cgsl_rng_philox(void) { return &cgsl_philox_type; }
static inline cgsl_philox_state *cgsl_philox_of(gsl_rng *r) { return (cgsl_philox_state *)r->state; }
/* One Philox4x32-10 block of a counter and key given as Random123's words, for the known-answer test. */
static inline void cgsl_philox_block(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]) {
    philox4x32_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x32_key_t k = {{key[0], key[1]}};
    philox4x32_ctr_t r = philox4x32(c, k);
    out[0] = r.v[0]; out[1] = r.v[1]; out[2] = r.v[2]; out[3] = r.v[3];
}

/* GSL's default error handler aborts the process; Buurt checks its own inputs instead. */
static inline void cgsl_disable_abort(void) { gsl_set_error_handler_off(); }
#endif
