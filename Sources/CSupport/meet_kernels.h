/* The two encounter kernels behind `buurt_meet_lanes` (meet_lanes.c). Internal to CSupport. */
#ifndef BUURT_MEET_KERNELS_H
#define BUURT_MEET_KERNELS_H
#include "buurt_meet.h"

/* buurt_meet.c: sixteen lanes; 1 when the processor and its operating system run AVX-512 (F, BW, DQ, VL). */
int buurt_meet_avx512_available(void);
long buurt_meet_avx512(const buurt_meet_args *a, long first, long end, buurt_tie_change *out);
/* buurt_meet_avx2.c: eight lanes; 1 when they run AVX2. */
int buurt_meet_avx2_available(void);
long buurt_meet_avx2(const buurt_meet_args *a, long first, long end, buurt_tie_change *out);
#endif
