/* Collect's resident sums (World+Collect.swift), without a branch on who took part, who is in the
 * under-represented group or who was active: those are coin flips to the processor, and a
 * mispredicted branch costs more than the rest of a resident's work. (The Swift loop this replaces
 * could not be kept branch-free: the compiler turned 0-or-1 factors back into branches, and a small
 * table of them into a store and a load at every resident.)
 *
 * Each sum is added in resident order, as before, in two vectors of two doubles: (ti, tc) and
 * (ti where took part, ti where under-represented). A trust outside its subgroup enters as +0 (its
 * bits masked away), which leaves a sum of trusts in [0, 1] exactly as it was. Four residents at a
 * time have their trusts widened, their tests made and their counts taken together; only the
 * additions, which must stay in order, go resident by resident. Written with the compiler's vector
 * extensions, so it is the same code on any processor. */
#include "buurt_collect.h"
#include <string.h>

typedef double v2d __attribute__((vector_size(16)));
typedef int64_t v2l __attribute__((vector_size(16)));
typedef float v4f __attribute__((vector_size(16)));
typedef int32_t v4i __attribute__((vector_size(16)));
typedef int64_t v4l __attribute__((vector_size(32)));
typedef uint8_t v4b __attribute__((vector_size(4)));

void buurt_collect(const float *trust_i, const float *trust_c, const int32_t *last_active, const uint8_t *took,
                   const uint8_t *group, long from, long to, int32_t since, uint8_t under, buurt_collect_sums *out) {
    v2d own = {0, 0}, sub = {0, 0};
    v4i nP = {0}, nU = {0}, active = {0}, activeU = {0}; /* minus the counts (a true test is -1) */
    long i = from;
    for (; i + 4 <= to; i += 4) {
        v4f tiv, tcv; v4i la; v4b tb, gb;
        memcpy(&tiv, trust_i + i, 16); memcpy(&tcv, trust_c + i, 16); memcpy(&la, last_active + i, 16);
        memcpy(&tb, took + i, 4); memcpy(&gb, group + i, 4);
        const v4i t = __builtin_convertvector(tb, v4i), g = __builtin_convertvector(gb, v4i);
        const v4i mT = ((t | t >> 1) & 1) != 0, mU = g == (int32_t)under, mA = la >= since;
        nP += mT; nU += mU; active += mA; activeU += mA & mU;
        const v4l mT64 = __builtin_convertvector(mT, v4l), mU64 = __builtin_convertvector(mU, v4l);
        const v2d ti01 = __builtin_convertvector(__builtin_shufflevector(tiv, tiv, 0, 1), v2d);
        const v2d ti23 = __builtin_convertvector(__builtin_shufflevector(tiv, tiv, 2, 3), v2d);
        const v2d tc01 = __builtin_convertvector(__builtin_shufflevector(tcv, tcv, 0, 1), v2d);
        const v2d tc23 = __builtin_convertvector(__builtin_shufflevector(tcv, tcv, 2, 3), v2d);
#define RESIDENT(tiPair, tcPair, lane, k) do { \
        own += __builtin_shufflevector(tiPair, tcPair, lane, 2 + lane); \
        const v2l m = {mT64[k], mU64[k]}; \
        sub += (v2d)((v2l)__builtin_shufflevector(tiPair, tiPair, lane, lane) & m); \
    } while (0)
        RESIDENT(ti01, tc01, 0, 0); RESIDENT(ti01, tc01, 1, 1); RESIDENT(ti23, tc23, 0, 2); RESIDENT(ti23, tc23, 1, 3);
#undef RESIDENT
    }
    int64_t p = -(int64_t)(nP[0] + nP[1] + nP[2] + nP[3]), u = -(int64_t)(nU[0] + nU[1] + nU[2] + nU[3]);
    int64_t a = -(int64_t)(active[0] + active[1] + active[2] + active[3]);
    int64_t au = -(int64_t)(activeU[0] + activeU[1] + activeU[2] + activeU[3]);
    for (; i < to; i++) { /* the last residents of the range, one at a time */
        const double ti = (double)trust_i[i];
        const v2d tt = {ti, ti};
        const int64_t tookAny = (took[i] | took[i] >> 1) & 1, inU = group[i] == under, act = last_active[i] >= since;
        p += tookAny; u += inU; a += act; au += act & inU;
        const v2d pair = {ti, (double)trust_c[i]};
        const v2l m = {-tookAny, -inU};
        own += pair;
        sub += (v2d)((v2l)tt & m);
    }
    out->ti = own[0]; out->tc = own[1]; out->tiP = sub[0]; out->tiU = sub[1];
    out->nP = p; out->nU = u; out->active = a; out->activeU = au;
}
