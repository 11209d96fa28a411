/* Which encounter kernel runs: the widest this processor has (buurt_meet.h). */
#include "buurt_meet.h"
#include "meet_kernels.h"

/* The processor's answer, asked once (in a virtual machine each `cpuid` traps to the hypervisor):
 * -1 until asked, then 16, 8 or 0. Every thread that asks computes the same value. */
static int widest = -1;

int buurt_meet_lanes_available(void) {
    int w = __atomic_load_n(&widest, __ATOMIC_RELAXED);
    if (w < 0) {
        w = buurt_meet_avx512_available() ? 16 : buurt_meet_avx2_available() ? 8 : 0;
        __atomic_store_n(&widest, w, __ATOMIC_RELAXED);
    }
    return w;
}

long buurt_meet_lanes(const buurt_meet_args *a, long first, long end, buurt_tie_change *out) {
    const int w = buurt_meet_lanes_available();
    if (a->lanes == 16 && w >= 16) return buurt_meet_avx512(a, first, end, out);
    if (a->lanes == 8 && w >= 8) return buurt_meet_avx2(a, first, end, out);
    return -1;
}
