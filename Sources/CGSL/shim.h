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
static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_qrng_type *cgsl_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_qrng_type *cgsl_qrng_niederreiter_2(void) { return gsl_qrng_niederreiter_2; }
/* GSL's MT19937 step, inlined into the hot loops.
 *
 * GSL reaches a generator through function pointers (gsl_rng_get -> type->get), one indirect call
 * per draw, which the compiler cannot inline. These functions do exactly what GSL's mt19937 does
 * (gsl-2.7 rng/mt.c: mt_get, mt_get_double, and gsl_rng_uniform_int's rejection loop) on the same
 * state, so a stream gives the same numbers whether a draw goes through GSL (the Beta, Gamma,
 * Poisson and binomial draws) or through these. `cgsl_mt_layout_ok` checks the state layout
 * at run time, and the tests compare a million draws of both paths. */
typedef struct { unsigned long mt[624]; int mti; } cgsl_mt_state;

static inline int cgsl_mt_layout_ok(const gsl_rng *r) {
    return r->type == gsl_rng_mt19937 && gsl_rng_size(r) == sizeof(cgsl_mt_state);
}

static inline unsigned long cgsl_mt_get(gsl_rng *r) {
    cgsl_mt_state *state = (cgsl_mt_state *)r->state;
    unsigned long *const mt = state->mt;
    if (__builtin_expect(state->mti >= 624, 0)) {
        int kk;
        for (kk = 0; kk < 624 - 397; kk++) {
            unsigned long y = (mt[kk] & 0x80000000UL) | (mt[kk + 1] & 0x7fffffffUL);
            mt[kk] = mt[kk + 397] ^ (y >> 1) ^ ((y & 0x1) ? 0x9908b0dfUL : 0);
        }
        for (; kk < 623; kk++) {
            unsigned long y = (mt[kk] & 0x80000000UL) | (mt[kk + 1] & 0x7fffffffUL);
            mt[kk] = mt[kk + (397 - 624)] ^ (y >> 1) ^ ((y & 0x1) ? 0x9908b0dfUL : 0);
        }
        {
            unsigned long y = (mt[623] & 0x80000000UL) | (mt[0] & 0x7fffffffUL);
            mt[623] = mt[396] ^ (y >> 1) ^ ((y & 0x1) ? 0x9908b0dfUL : 0);
        }
        state->mti = 0;
    }
    unsigned long k = mt[state->mti];
    k ^= (k >> 11);
    k ^= (k << 7) & 0x9d2c5680UL;
    k ^= (k << 15) & 0xefc60000UL;
    k ^= (k >> 18);
    state->mti++;
    return k;
}

static inline double cgsl_mt_uniform(gsl_rng *r) { return cgsl_mt_get(r) / 4294967296.0; }

/* gsl_rng_uniform_int for mt19937 (min 0, max 0xffffffff); n from 1 to 2^32 - 1. */
static inline unsigned long cgsl_mt_uniform_int(gsl_rng *r, unsigned long n) {
    unsigned long scale = 0xffffffffUL / n, k;
    do { k = cgsl_mt_get(r) / scale; } while (k >= n);
    return k;
}

/* GSL's default error handler aborts the process; Buurt checks its own inputs instead. */
static inline void cgsl_disable_abort(void) { gsl_set_error_handler_off(); }
#endif
