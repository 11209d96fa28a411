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
/* GSL's default error handler aborts the process; Buurt checks its own inputs instead. */
static inline void cgsl_disable_abort(void) { gsl_set_error_handler_off(); }
#endif
