/* The encounter pass of World.meet in AVX2 lanes: eight residents at a time, one lane each, for
 * processors without AVX-512 (AMD Zen 1 to 3, most Intel client processors, many cloud machines).
 *
 * It is buurt_meet.c (the AVX-512 kernel) function for function, in 256-bit vectors: a mask is a
 * vector of all-ones and all-zero lanes instead of an opmask register, a masked operation is a
 * blend, and what AVX-512 does with a masked load, a gather or a 64-bit multiply is done lane by
 * lane or with two 32-bit multiplies. The Philox4x32 blocks of the eight residents are computed in
 * lanes too (`blocks_in_lanes8`, shared with the AVX-512 kernel).
 *
 * Exactness: as in buurt_meet.c, every lane computes what the Swift loop (World+Meet.swift, the
 * reference) computes for its resident: the same words of the same stream at the same positions,
 * the same float operations in the same order (no fused multiply-add), every masked float result
 * taken by a blend (never by adding a masked zero, which would turn -0 into +0), and the same tie
 * changes in the same order. MeetKernelTests compares it with the loop on every path. */
#include "buurt_meet.h"
#include "meet_kernels.h"

#if !defined(__x86_64__)
int buurt_meet_avx2_available(void) { return 0; }
long buurt_meet_avx2(const buurt_meet_args *a, long first, long end, buurt_tie_change *out) {
    (void)a; (void)first; (void)end; (void)out;
    return -1;
}
#else
#include <cpuid.h>
#include <immintrin.h>

#pragma clang fp contract(off)

#define AVX2 __attribute__((target("avx2")))

int buurt_meet_avx2_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & bit_OSXSAVE) || !(c & bit_AVX)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0x6) != 0x6) return 0; /* the OS saves SSE and AVX state */
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & bit_AVX2) != 0;
}

#define LANES 8
#define FIRST_BLOCKS 2   /* blocks 0 and 1 for every lane up front, in lanes (a week of two
                            encounters and its likely extra words); later blocks lane by lane */
#include "meet_words.h"

typedef __m256i vmask; /* a lane is all ones (true) or all zeros (false) */

AVX2 static inline __m256i lane_index(void) { return _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7); }
AVX2 static inline int any(vmask m) { return !_mm256_testz_si256(m, m); }
AVX2 static inline unsigned bits(vmask m) { return (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(m)); }
AVX2 static inline vmask from_bits(unsigned b) {
    const __m256i lane = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    return _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32((int)b), lane), lane);
}
AVX2 static inline vmask and_not(vmask a, vmask b) { return _mm256_andnot_si256(b, a); } /* a & ~b */
/* m ? y : x, lane by lane. */
AVX2 static inline __m256 pick(vmask m, __m256 x, __m256 y) { return _mm256_blendv_ps(x, y, _mm256_castsi256_ps(m)); }
AVX2 static inline __m256i pick_i(vmask m, __m256i x, __m256i y) {
    return _mm256_castps_si256(_mm256_blendv_ps(_mm256_castsi256_ps(x), _mm256_castsi256_ps(y), _mm256_castsi256_ps(m)));
}
#define cmp(x, y, op) _mm256_castps_si256(_mm256_cmp_ps((x), (y), (op))) /* a float comparison as a mask */
/* x + 1 (or + n) where m, as integers. */
AVX2 static inline __m256i add_where(vmask m, __m256i x, int n) { return _mm256_add_epi32(x, _mm256_and_si256(m, _mm256_set1_epi32(n))); }

/* The trust rule (TrustRule.swift) in lanes: the same operations in the same order as
 * `TrustRule.Linear` and `TrustRule.Beta`, and as buurt_meet.c's `lanes_up` and `lanes_down`. */
AVX2 static inline __m256 lanes_up(const buurt_meet_args *a, __m256 t, float w) {
    const __m256 one = _mm256_set1_ps(1);
    if (a->beta) {
        __m256 wv = _mm256_set1_ps(w);
        return _mm256_add_ps(t, _mm256_div_ps(_mm256_mul_ps(wv, _mm256_sub_ps(one, t)), _mm256_set1_ps(a->memory + w)));
    }
    return _mm256_add_ps(t, _mm256_mul_ps(_mm256_set1_ps(a->gain * w), _mm256_sub_ps(one, t)));
}
AVX2 static inline __m256 lanes_down(const buurt_meet_args *a, __m256 t, float w) {
    if (a->beta) {
        float x = a->asymmetry * w;
        return _mm256_sub_ps(t, _mm256_div_ps(_mm256_mul_ps(_mm256_set1_ps(x), t), _mm256_set1_ps(a->memory + x)));
    }
    float l = a->loss * w;
    return _mm256_sub_ps(t, _mm256_mul_ps(_mm256_set1_ps(l < 1 ? l : 1), t));
}

/* Blocks 0 ..< FIRST_BLOCKS of the eight lanes' streams, into the buffer (Philox4x32-10 in lanes). */
AVX2 static inline void first_blocks(lane_words *s) {
    for (int k = 0; k < FIRST_BLOCKS; k++) blocks_in_lanes8(s, 0, k);
    for (int l = 0; l < LANES; l++) s->have[l] = 4 * FIRST_BLOCKS;
}

/* Eight lanes' values at their own indexes (lanes outside `k` read index 0): scalar loads, as in
 * buurt_meet.c (AVX2's gathers are slower still on the processors this kernel is for). */
#define LANE_LOADS(T, base, ix) _mm256_setr_epi32( \
    (T)(base)[ix[0]], (T)(base)[ix[1]], (T)(base)[ix[2]], (T)(base)[ix[3]], \
    (T)(base)[ix[4]], (T)(base)[ix[5]], (T)(base)[ix[6]], (T)(base)[ix[7]])
/* Word `pos` of every lane in `k` (zero elsewhere): read from the buffer where every such lane has
 * its word computed (the common case), else lane by lane, computing the blocks a lane reaches for
 * the first time (`word_at`). */
AVX2 static __m256i gather_words(lane_words *s, vmask k, __m256i pos) {
    const __m256i have = _mm256_loadu_si256((const __m256i *)s->have);
    if (!any(and_not(k, _mm256_cmpgt_epi32(have, pos)))) {
        int32_t ix[LANES];
        _mm256_storeu_si256((__m256i *)ix, _mm256_and_si256(k, _mm256_add_epi32(_mm256_slli_epi32(pos, 3) /* x LANES */, lane_index())));
        return _mm256_and_si256(k, LANE_LOADS(int32_t, s->w, ix));
    }
    int32_t pv[LANES];
    uint32_t vv[LANES] = {0};
    _mm256_storeu_si256((__m256i *)pv, pos);
    for (unsigned m = bits(k); m; m &= m - 1) { int l = __builtin_ctz(m); vv[l] = word_at(s, l, pv[l]); }
    return _mm256_loadu_si256((const __m256i *)vv);
}

/* Word `pos` of every lane in `k`, where a lane's position is base ..= base + spread (an
 * encounter takes two words or three, so after e encounters a lane is at most e words past the
 * lane that took fewest): those words, computed for every lane up front, are read as vectors and
 * picked by position; a lane elsewhere (a rejected draw took more words) is read lane by lane. */
AVX2 static inline __m256i words_near(lane_words *s, vmask k, __m256i pos, int base, int spread) {
    if (base + spread + 1 > 4 * FIRST_BLOCKS) return gather_words(s, k, pos);
    __m256i v = _mm256_loadu_si256((const __m256i *)(s->w + base * LANES));
    for (int d = 1; d <= spread; d++)
        v = pick_i(_mm256_cmpeq_epi32(pos, _mm256_set1_epi32(base + d)), v, _mm256_loadu_si256((const __m256i *)(s->w + (base + d) * LANES)));
    const vmask inside = _mm256_and_si256(_mm256_cmpgt_epi32(pos, _mm256_set1_epi32(base - 1)),
                                          _mm256_cmpgt_epi32(_mm256_set1_epi32(base + spread + 1), pos));
    const vmask aside = and_not(k, inside);
    return any(aside) ? pick_i(aside, v, gather_words(s, aside, pos)) : v;
}

AVX2 static inline __m256i load_i32(const int32_t *base, vmask k, __m256i idx) {
    int32_t ix[LANES]; _mm256_storeu_si256((__m256i *)ix, _mm256_and_si256(k, idx));
    return LANE_LOADS(int32_t, base, ix);
}
AVX2 static inline __m256i load_u8(const uint8_t *base, vmask k, __m256i idx) {
    int32_t ix[LANES]; _mm256_storeu_si256((__m256i *)ix, _mm256_and_si256(k, idx));
    return LANE_LOADS(int32_t, base, ix);
}
AVX2 static inline __m256 load_f32(const float *base, vmask k, __m256i idx) {
    int32_t ix[LANES]; _mm256_storeu_si256((__m256i *)ix, _mm256_and_si256(k, idx));
    return _mm256_setr_ps(base[ix[0]], base[ix[1]], base[ix[2]], base[ix[3]], base[ix[4]], base[ix[5]], base[ix[6]], base[ix[7]]);
}
/* The first `count` lanes' values at their indexes, without a branch on which lanes: the caller
 * gives every such lane an index into its own resident's tie row and, for a lane whose value did
 * not change, the value it loaded from there (no other resident writes that row this week). */
AVX2 static inline void store_f32_rows(float *base, int count, __m256i idx, __m256 v) {
    int32_t ix[LANES]; float vv[LANES];
    _mm256_storeu_si256((__m256i *)ix, idx); _mm256_storeu_ps(vv, v);
    if (count == LANES) {
        base[ix[0]] = vv[0]; base[ix[1]] = vv[1]; base[ix[2]] = vv[2]; base[ix[3]] = vv[3];
        base[ix[4]] = vv[4]; base[ix[5]] = vv[5]; base[ix[6]] = vv[6]; base[ix[7]] = vv[7];
    } else {
        for (int l = 0; l < count; l++) base[ix[l]] = vv[l];
    }
}

/* Four unsigned 32-bit words as doubles, exactly (flip the top bit, convert signed, add 2^31 back). */
AVX2 static inline __m256d u32_to_pd(__m128i w) {
    return _mm256_add_pd(_mm256_cvtepi32_pd(_mm_xor_si128(w, _mm_set1_epi32((int)0x80000000u))), _mm256_set1_pd(2147483648.0));
}
/* Uniform u32 words below `p` as doubles (cgsl_philox_uniform(s) < p), lane by lane exact. */
AVX2 static inline vmask uniform_below(__m256i w, double p) {
    const __m256d scale = _mm256_set1_pd(1.0 / 4294967296.0), pv = _mm256_set1_pd(p);
    unsigned lo = (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(_mm256_mul_pd(u32_to_pd(_mm256_castsi256_si128(w)), scale), pv, _CMP_LT_OQ));
    unsigned hi = (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(_mm256_mul_pd(u32_to_pd(_mm256_extracti128_si256(w, 1)), scale), pv, _CMP_LT_OQ));
    return from_bits(lo | (hi << 4));
}

/* One group of eight residents in lanes: its streams' words, its residents' fields, and the tie
 * changes of its week so far (as bits: lane l is bit l). */
typedef struct {
    lane_words s;
    long i0;
    int count;
    vmask valid, hasTies, inInitiative, crowded;
    unsigned anyChange;
    __m256i n, pos, me, gi, ini, deg, row, lo, size;
    __m256 tc, ti, pi, pi65536;
    uint8_t removedAt[MAX_ENCOUNTERS], addedAt[MAX_ENCOUNTERS];
    int32_t other[MAX_ENCOUNTERS * LANES];
} lane_group;

/* The week's start for residents i0 ..< i0 + count: first blocks, encounters, fields, forgetting. */
AVX2 static inline __attribute__((always_inline)) void group_begin(const buurt_meet_args *a, lane_group *g, long i0, int count, int nmax) {
    const __m256i lane = lane_index(), izero = _mm256_setzero_si256();
    const __m256 priors = _mm256_setr_ps(a->institutional_prior[0], a->institutional_prior[1], a->institutional_prior[2],
                                         a->institutional_prior[3], 0, 0, 0, 0);
    g->i0 = i0; g->count = count;
    const vmask valid = g->valid = _mm256_cmpgt_epi32(_mm256_set1_epi32(count), lane);
    g->s.key = a->key; g->s.c0 = a->c0;
    { /* c1[l] = c1_tick | (uint32_t)(i0 + l), four lanes a vector */
        const __m256i tick = _mm256_set1_epi64x((long long)a->c1_tick), low = _mm256_set1_epi64x(0xffffffffLL);
        const __m256i i4 = _mm256_add_epi64(_mm256_set1_epi64x(i0), _mm256_setr_epi64x(0, 1, 2, 3));
        _mm256_storeu_si256((__m256i *)g->s.c1, _mm256_or_si256(tick, _mm256_and_si256(i4, low)));
        _mm256_storeu_si256((__m256i *)(g->s.c1 + 4), _mm256_or_si256(tick, _mm256_and_si256(_mm256_add_epi64(i4, _mm256_set1_epi64x(4)), low)));
    }
    first_blocks(&g->s);
    /* The number of encounters (stochastic rounding, from word 0, when x is not whole). */
    g->n = _mm256_set1_epi32(a->n_floor); g->pos = izero;
    if (!a->whole) {
        g->n = add_where(uniform_below(_mm256_loadu_si256((const __m256i *)g->s.w), a->frac), g->n, 1);
        g->pos = _mm256_set1_epi32(1);
    }
    g->me = _mm256_add_epi32(_mm256_set1_epi32((int32_t)i0), lane);
    /* The residents' own fields (zero in lanes past the end). A neighbourhood's residents are
     * consecutive (lo ..< lo + size), so eight residents whose first and last share one share it. */
    if (count == LANES && a->nh_of[i0] == a->nh_of[i0 + LANES - 1]) {
        const int nh = a->nh_of[i0];
        g->gi = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(a->group + i0)));
        g->deg = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(a->degree + i0)));
        g->lo = _mm256_set1_epi32((int32_t)a->nh_start[nh]);
        g->size = _mm256_set1_epi32((int32_t)(a->nh_start[nh + 1] - a->nh_start[nh]));
    } else {
        int32_t gi[LANES] = {0}, deg[LANES] = {0}, lo[LANES] = {0}, size[LANES] = {0};
        for (int l = 0; l < count; l++) {
            gi[l] = a->group[i0 + l]; deg[l] = a->degree[i0 + l];
            const int nh = a->nh_of[i0 + l];
            lo[l] = (int32_t)a->nh_start[nh]; size[l] = (int32_t)(a->nh_start[nh + 1] - a->nh_start[nh]);
        }
        g->gi = _mm256_loadu_si256((const __m256i *)gi); g->deg = _mm256_loadu_si256((const __m256i *)deg);
        g->lo = _mm256_loadu_si256((const __m256i *)lo); g->size = _mm256_loadu_si256((const __m256i *)size);
    }
    /* Masked loads only for a group that ends short of eight (they cost more). */
    __m256 tc, ti;
    if (count == LANES) {
        tc = _mm256_loadu_ps(a->trust_c + i0); ti = _mm256_loadu_ps(a->trust_i_prev + i0);
        g->ini = _mm256_loadu_si256((const __m256i *)(a->initiative + i0)); g->pi = _mm256_loadu_ps(a->propensity + i0);
    } else {
        tc = _mm256_maskload_ps(a->trust_c + i0, valid); ti = _mm256_maskload_ps(a->trust_i_prev + i0, valid);
        g->ini = _mm256_maskload_epi32(a->initiative + i0, valid); g->pi = _mm256_maskload_ps(a->propensity + i0, valid);
    }
    g->row = _mm256_mullo_epi32(g->me, _mm256_set1_epi32(a->cap));
    /* The neighbourhood's residents lo ..< lo + size, for meeting a stranger. */
    g->crowded = _mm256_cmpgt_epi32(g->size, _mm256_set1_epi32(1));
    /* Forgetting: trust drifts back to the group's prior. */
    g->tc = _mm256_add_ps(tc, _mm256_mul_ps(_mm256_set1_ps(a->forget), _mm256_sub_ps(_mm256_set1_ps(a->community_prior), tc)));
    g->ti = _mm256_add_ps(ti, _mm256_mul_ps(_mm256_set1_ps(a->forget), _mm256_sub_ps(_mm256_permutevar8x32_ps(priors, g->gi), ti)));
    g->hasTies = _mm256_and_si256(valid, _mm256_cmpgt_epi32(g->deg, izero));
    g->inInitiative = _mm256_cmpgt_epi32(g->ini, _mm256_set1_epi32(-1));
    g->pi65536 = _mm256_mul_ps(g->pi, _mm256_set1_ps(65536));
    g->anyChange = 0;
    for (int e = 0; e < nmax; e++) g->removedAt[e] = g->addedAt[e] = 0;
}

/* Encounter e of every lane that has one. */
AVX2 static inline __attribute__((always_inline)) void group_encounter(const buurt_meet_args *a, lane_group *g, int e) {
    const __m256 f65536 = _mm256_set1_ps(65536), zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1);
    const __m256i lo16 = _mm256_set1_epi32(0xffff), izero = _mm256_setzero_si256();
    const vmask active = _mm256_and_si256(g->valid, _mm256_cmpgt_epi32(g->n, _mm256_set1_epi32(e)));
    if (!any(active)) return;
    lane_words *s = &g->s;
    __m256i pos = g->pos;
    __m256 tc = g->tc, ti = g->ti;
    const __m256i gi = g->gi, ini = g->ini, deg = g->deg;
    const int base = 2 * e + (a->whole ? 0 : 1);
    const __m256i w1 = words_near(s, active, pos, base, e);
    const __m256i w2 = words_near(s, active, _mm256_add_epi32(pos, _mm256_set1_epi32(1)), base + 1, e);
    pos = add_where(active, pos, 2);
    const __m256 hi2 = _mm256_cvtepi32_ps(_mm256_srli_epi32(w2, 16));
    const __m256i low2 = _mm256_and_si256(w2, lo16);
    const vmask tie = _mm256_and_si256(_mm256_and_si256(active, g->hasTies),
                                       cmp(_mm256_cvtepi32_ps(_mm256_srli_epi32(w1, 16)), _mm256_set1_ps(a->p_random16), _CMP_GE_OQ));
    const vmask stranger = and_not(_mm256_and_si256(active, g->crowded), tie);
    vmask good = izero, broken = izero, pretest = izero;
    __m256i j = izero;
    if (any(tie)) {
        const __m256i slot = _mm256_add_epi32(g->row, _mm256_srli_epi32(_mm256_mullo_epi32(_mm256_and_si256(w1, lo16), deg), 16));
        j = load_i32(a->target, tie, slot);
        const __m256i gj = load_u8(a->group, tie, j);
        /* The partner's initiative matters only to a resident in one (few are). */
        const vmask joined = _mm256_and_si256(tie, g->inInitiative);
        const vmask sameI = any(joined)
            ? _mm256_and_si256(joined, _mm256_cmpeq_epi32(ini, load_i32(a->initiative, joined, j))) : izero;
        const vmask cross = and_not(_mm256_set1_epi32(-1), _mm256_cmpeq_epi32(gi, gj));
        const __m256 pGood = _mm256_sub_ps(
            _mm256_add_ps(_mm256_set1_ps(a->good_share), _mm256_mul_ps(pick(sameI, zero, one), _mm256_set1_ps(a->same_bonus))),
            _mm256_mul_ps(pick(cross, zero, one), _mm256_set1_ps(a->cross_penalty)));
        good = _mm256_and_si256(tie, cmp(hi2, _mm256_mul_ps(pGood, f65536), _CMP_LT_OQ));
        /* Every resident's slot is in its own row (a lane without ties, or not meeting one, has
         * one there too), so the slots are read for every lane and written back unchanged where no
         * tie was met (store_f32_rows). */
        const __m256 rec0 = load_f32(a->reciprocity, g->valid, slot), t0 = load_f32(a->tie_trust, g->valid, slot);
        __m256 rec = _mm256_mul_ps(rec0, _mm256_set1_ps(a->rec_memory));
        __m256 t = pick(good, lanes_down(a, t0, 1), lanes_up(a, t0, 1));
        const __m256 pj = load_f32(a->propensity, tie, j);
        const __m256 prevJ = load_f32(a->trust_i_prev, tie, j);
        const __m256 diffused = _mm256_mul_ps(_mm256_set1_ps(a->diffusion), _mm256_sub_ps(prevJ, ti));
        const vmask gaveM = cmp(_mm256_mul_ps(_mm256_cvtepi32_ps(low2), _mm256_add_ps(g->pi, pj)), g->pi65536, _CMP_LT_OQ);
        const __m256 gave = pick(gaveM, _mm256_set1_ps(-1), one);
        ti = pick(tie, ti, _mm256_add_ps(ti, pick(good, zero, diffused)));
        rec = _mm256_add_ps(rec, pick(good, zero, gave));
        const __m256 penalised = lanes_down(a, t, a->one_sided_w);
        const __m256 absRec = _mm256_and_ps(rec, _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff)));
        t = pick(cmp(absRec, _mm256_set1_ps(a->one_sided), _CMP_GT_OQ), t, penalised);
        store_f32_rows(a->tie_trust, g->count, slot, pick(tie, t0, t));
        store_f32_rows(a->reciprocity, g->count, slot, pick(tie, rec0, rec));
        broken = _mm256_and_si256(tie, cmp(t, _mm256_set1_ps(a->break_below), _CMP_LT_OQ));
        /* low2 < drop16: both below 2^31, so the signed compare is the unsigned one. */
        pretest = _mm256_and_si256(and_not(tie, broken), _mm256_cmpgt_epi32(_mm256_set1_epi32((int32_t)a->drop16), low2));
    }
    /* One more word: the exact drop test after the coarse one, or the stranger's index. */
    const vmask third = _mm256_or_si256(pretest, stranger);
    __m256i w3 = izero;
    if (any(third)) {
        w3 = words_near(s, third, pos, base + 2, e);
        pos = add_where(third, pos, 1);
    }
    const vmask removed = _mm256_or_si256(broken, any(pretest) ? _mm256_and_si256(uniform_below(w3, a->drop_chance), pretest) : izero);
    vmask met = izero, added = izero;
    __m256i k = izero;
    if (any(stranger)) {
        /* Lemire's multiply-and-shift: the high and low halves of w3 x size, lane by lane. */
        const __m256i size = g->size;
        const __m256i pe = _mm256_mul_epu32(w3, size);
        const __m256i po = _mm256_mul_epu32(_mm256_srli_epi64(w3, 32), _mm256_srli_epi64(size, 32));
        __m256i hi = _mm256_blend_epi32(_mm256_srli_epi64(pe, 32), po, 0xAA);
        const __m256i low = _mm256_blend_epi32(pe, _mm256_slli_epi64(po, 32), 0xAA);
        const __m256i flip = _mm256_set1_epi32((int)0x80000000u);
        const vmask redraw = _mm256_and_si256(stranger, _mm256_cmpgt_epi32(_mm256_xor_si256(size, flip), _mm256_xor_si256(low, flip)));
        if (any(redraw)) { /* rare: the draw may be rejected; redo it lane by lane */
            int32_t pv[LANES], hv[LANES], sv[LANES];
            _mm256_storeu_si256((__m256i *)pv, pos); _mm256_storeu_si256((__m256i *)hv, hi); _mm256_storeu_si256((__m256i *)sv, size);
            for (unsigned m = bits(redraw); m; m &= m - 1) {
                int l = __builtin_ctz(m);
                pv[l] -= 1;
                hv[l] = (int32_t)below(s, l, &pv[l], (uint32_t)sv[l]);
            }
            pos = _mm256_loadu_si256((const __m256i *)pv); hi = _mm256_loadu_si256((const __m256i *)hv);
        }
        k = _mm256_add_epi32(g->lo, hi);
        met = and_not(stranger, _mm256_cmpeq_epi32(k, g->me));
        const __m256i gk = load_u8(a->group, met, k);
        const vmask same = _mm256_cmpeq_epi32(gi, gk);
        const __m256 pGood = _mm256_sub_ps(_mm256_set1_ps(a->good_share), pick(same, _mm256_set1_ps(a->cross_penalty), zero));
        const vmask goodS = _mm256_and_si256(met, cmp(hi2, _mm256_mul_ps(pGood, f65536), _CMP_LT_OQ));
        good = _mm256_or_si256(good, goodS);
        const __m256 form = pick(same, _mm256_set1_ps(a->tie_form_cross16), _mm256_set1_ps(a->tie_form16));
        added = _mm256_and_si256(goodS, cmp(_mm256_cvtepi32_ps(low2), form, _CMP_LT_OQ));
    }
    /* Community trust: every encounter with a tie, and every stranger actually met. */
    const vmask felt = _mm256_or_si256(tie, met);
    const __m256 tcNew = pick(good, lanes_down(a, tc, a->wc), lanes_up(a, tc, a->wc));
    g->tc = pick(felt, tc, tcNew);
    g->ti = ti; g->pos = pos;
    const vmask changed = _mm256_or_si256(removed, added);
    if (any(changed)) {
        /* The partner of a removal or an addition (other lanes' entries are never read). */
        _mm256_storeu_si256((__m256i *)(g->other + e * LANES), pick_i(added, j, k));
        const unsigned r = bits(removed), d = bits(added);
        g->removedAt[e] = (uint8_t)r; g->addedAt[e] = (uint8_t)d; g->anyChange |= r | d;
    }
}

/* The week's end: trust written back (the tie changes are appended by the driver, `group_end`). */
AVX2 static inline __attribute__((always_inline)) void group_store(const buurt_meet_args *a, const lane_group *g) {
    if (g->count == LANES) {
        _mm256_storeu_ps(a->trust_c + g->i0, g->tc); _mm256_storeu_ps(a->trust_i + g->i0, g->ti);
    } else { /* masked stores (slow on some processors) only for a group short of eight */
        _mm256_maskstore_ps(a->trust_c + g->i0, g->valid, g->tc); _mm256_maskstore_ps(a->trust_i + g->i0, g->valid, g->ti);
    }
}

/* The partners of a group's first two encounters, as far as they can be told before the week
 * runs: their fields are asked of memory one pair of groups ahead (large towns; as buurt_meet.c). */
AVX2 static inline void prefetch_partners(const buurt_meet_args *a, const lane_group *g, int nmax) {
    const int first = a->whole ? 0 : 1;
    for (int e = 0; e < 2 && e < nmax; e++) {
        const int base = first + 2 * e;
        if (base >= 4 * FIRST_BLOCKS) break;
        const __m256i w1 = _mm256_loadu_si256((const __m256i *)(g->s.w + base * LANES));
        const vmask tie = _mm256_and_si256(g->hasTies, cmp(_mm256_cvtepi32_ps(_mm256_srli_epi32(w1, 16)), _mm256_set1_ps(a->p_random16), _CMP_GE_OQ));
        if (!any(tie)) continue;
        const __m256i slot = _mm256_add_epi32(g->row, _mm256_srli_epi32(
            _mm256_mullo_epi32(_mm256_and_si256(w1, _mm256_set1_epi32(0xffff)), g->deg), 16));
        int32_t sv[LANES];
        _mm256_storeu_si256((__m256i *)sv, slot);
        for (unsigned m = bits(tie); m; m &= m - 1) {
            const int32_t j = a->target[sv[__builtin_ctz(m)]];
            if (j < 0) continue;
            _mm_prefetch((const char *)(a->group + j), _MM_HINT_T0);
            _mm_prefetch((const char *)(a->propensity + j), _MM_HINT_T0);
            _mm_prefetch((const char *)(a->trust_i_prev + j), _MM_HINT_T0);
        }
    }
}

#define KERNEL_TARGET AVX2
#define KERNEL_ENTRY buurt_meet_avx2
#include "meet_driver.h"

#endif /* __x86_64__ */
