/* The encounter pass of World.meet in AVX-512 lanes: sixteen residents at a time, one lane each.
 *
 * Why: a resident's encounters branch on coin flips (tie or stranger, good or bad, drop or keep)
 * that no processor predicts, and each reads fields of a random partner. In lanes the coin flips
 * become masks, and the partners' fields are loaded sixteen at a time into vectors. The Philox
 * blocks, a fifth of the old loop's work, are computed sixteen lanes at a time too.
 *
 * Exactness: every lane computes what the Swift loop (World+Meet.swift, the reference) computes for
 * its resident: the same words of the same Philox stream at the same positions, the same float
 * operations in the same order (no fused multiply-add: contraction is off below), the same tie
 * changes in the same order. The rare paths (a Lemire draw rejected, a week that runs past its
 * first two blocks) run lane by lane in scalar code. MeetKernelTests compares the two on settings
 * that reach every path. */
#include "buurt_meet.h"
#include "meet_kernels.h"

#if !defined(__x86_64__)
/* Not an x86-64 processor (an Apple or other ARM machine): no AVX-512, so meet runs the Swift loop. */
int buurt_meet_avx512_available(void) { return 0; }
long buurt_meet_avx512(const buurt_meet_args *a, long first, long end, buurt_tie_change *out) {
    (void)a; (void)first; (void)end; (void)out;
    return -1;
}
#else
#include <Random123/philox.h>
#include <cpuid.h>
#include <immintrin.h>
#include <string.h>

#pragma clang fp contract(off)

/* The kernel's functions use AVX-512; `buurt_meet_avx512_available` says whether they may run. */
#define AVX512 __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl")))

int buurt_meet_avx512_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & bit_OSXSAVE)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xe6) != 0xe6) return 0; /* the OS saves SSE, AVX, opmask and ZMM state */
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    const unsigned need = bit_AVX512F | bit_AVX512DQ | bit_AVX512BW | bit_AVX512VL;
    return (b & need) == need;
}

#define LANES 16
#define FIRST_BLOCKS 2   /* blocks 0 and 1 for every lane up front (a week of two encounters and
                            its likely extra words) */
#include "meet_words.h"

/* The trust rule (TrustRule.swift) in lanes, for an experience of weight w: the same operations in
 * the same order as `TrustRule.Linear` and `TrustRule.Beta`. */
AVX512 static inline __m512 lanes_up(const buurt_meet_args *a, __m512 t, float w) {
    const __m512 one = _mm512_set1_ps(1);
    if (a->beta) {
        __m512 wv = _mm512_set1_ps(w);
        return _mm512_add_ps(t, _mm512_div_ps(_mm512_mul_ps(wv, _mm512_sub_ps(one, t)), _mm512_set1_ps(a->memory + w)));
    }
    return _mm512_add_ps(t, _mm512_mul_ps(_mm512_set1_ps(a->gain * w), _mm512_sub_ps(one, t)));
}
AVX512 static inline __m512 lanes_down(const buurt_meet_args *a, __m512 t, float w) {
    if (a->beta) {
        float x = a->asymmetry * w;
        return _mm512_sub_ps(t, _mm512_div_ps(_mm512_mul_ps(_mm512_set1_ps(x), t), _mm512_set1_ps(a->memory + x)));
    }
    float l = a->loss * w;
    return _mm512_sub_ps(t, _mm512_mul_ps(_mm512_set1_ps(l < 1 ? l : 1), t));
}

/* Word `pos + off` of every lane in `k`, gathered from the buffer (past it, lane by lane). */
AVX512 static __m512i gather_words(lane_words *s, __mmask16 k, __m512i pos, int off) {
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m512i p = _mm512_add_epi32(pos, _mm512_set1_epi32(off));
    __mmask16 inside = _mm512_mask_cmplt_epi32_mask(k, p, _mm512_set1_epi32(WORDS));
    /* Blocks not yet computed (past block 0: about one lane in three, once a week). */
    __mmask16 missing = _mm512_mask_cmpge_epi32_mask(inside, p, _mm512_loadu_si512(s->have));
    if (missing) {
        int32_t pv[LANES];
        _mm512_storeu_si512(pv, p);
        for (unsigned m = missing; m; m &= m - 1) { int l = __builtin_ctz(m); (void)word_at(s, l, pv[l]); }
    }
    __m512i idx = _mm512_add_epi32(_mm512_slli_epi32(p, 4), lane);
    __m512i v = _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), inside, idx, s->w, 4);
    __mmask16 outside = k & ~inside;
    if (outside) {
        int32_t pv[LANES]; uint32_t vv[LANES];
        _mm512_storeu_si512(pv, p); _mm512_storeu_si512(vv, v);
        for (unsigned m = outside; m; m &= m - 1) { int l = __builtin_ctz(m); vv[l] = word_at(s, l, pv[l]); }
        v = _mm512_loadu_si512(vv);
    }
    return v;
}

/* Blocks 0 and 1 of the sixteen lanes' streams, into words 0..7 of the buffer: Philox4x32-10 in
 * two halves of eight lanes (`blocks_in_lanes8`, meet_words.h). */
AVX512 static inline void first_blocks(lane_words *s) {
    for (int k = 0; k < FIRST_BLOCKS; k++) { blocks_in_lanes8(s, 0, k); blocks_in_lanes8(s, 8, k); }
    for (int l = 0; l < LANES; l++) s->have[l] = 4 * FIRST_BLOCKS;
}

/* Word `base` of every lane in `k` whose position is `base`, the rest gathered: after a few
 * encounters most lanes have used the same number of words. */
AVX512 static inline __m512i words_at(lane_words *s, __mmask16 k, __m512i pos, int base) {
    if (base + 1 > 4 * FIRST_BLOCKS) return gather_words(s, k, pos, 0);
    const __mmask16 aside = _mm512_mask_cmpneq_epi32_mask(k, pos, _mm512_set1_epi32(base));
    __m512i v = _mm512_loadu_si512(s->w + base * LANES);
    return aside ? _mm512_mask_mov_epi32(v, aside, gather_words(s, aside, pos, 0)) : v;
}

/* Sixteen lanes' values at their own indexes (lanes outside `k` read index 0). On this kind of
 * processor (AMD Zen 4) sixteen scalar loads into a vector take a third of the time of one
 * vpgatherdd, and sixteen scalar stores less than one vscatterdps, so the kernel does neither. */
#define LANE_LOADS(T, base, ix) _mm512_setr_epi32( \
    (T)(base)[ix[0]], (T)(base)[ix[1]], (T)(base)[ix[2]], (T)(base)[ix[3]], (T)(base)[ix[4]], (T)(base)[ix[5]], \
    (T)(base)[ix[6]], (T)(base)[ix[7]], (T)(base)[ix[8]], (T)(base)[ix[9]], (T)(base)[ix[10]], (T)(base)[ix[11]], \
    (T)(base)[ix[12]], (T)(base)[ix[13]], (T)(base)[ix[14]], (T)(base)[ix[15]])
AVX512 static inline __m512i load_i32(const int32_t *base, __mmask16 k, __m512i idx) {
    int32_t ix[LANES]; _mm512_storeu_si512(ix, _mm512_maskz_mov_epi32(k, idx));
    return LANE_LOADS(int32_t, base, ix);
}
AVX512 static inline __m512i load_u8(const uint8_t *base, __mmask16 k, __m512i idx) {
    int32_t ix[LANES]; _mm512_storeu_si512(ix, _mm512_maskz_mov_epi32(k, idx));
    return LANE_LOADS(int32_t, base, ix);
}
AVX512 static inline __m512 load_f32(const float *base, __mmask16 k, __m512i idx) {
    int32_t ix[LANES]; _mm512_storeu_si512(ix, _mm512_maskz_mov_epi32(k, idx));
    return _mm512_setr_ps(base[ix[0]], base[ix[1]], base[ix[2]], base[ix[3]], base[ix[4]], base[ix[5]], base[ix[6]], base[ix[7]],
                          base[ix[8]], base[ix[9]], base[ix[10]], base[ix[11]], base[ix[12]], base[ix[13]], base[ix[14]], base[ix[15]]);
}
AVX512 static inline void store_f32(float *base, __mmask16 k, __m512i idx, __m512 v) {
    int32_t ix[LANES]; float vv[LANES];
    _mm512_storeu_si512(ix, idx); _mm512_storeu_ps(vv, v);
    for (unsigned m = k; m; m &= m - 1) { int l = __builtin_ctz(m); base[ix[l]] = vv[l]; }
}

/* Uniform u32 words below `threshold` as doubles (cgsl_philox_uniform(s) < p), lane by lane exact. */
AVX512 static inline __mmask16 uniform_below(__m512i w, double p) {
    const __m512d scale = _mm512_set1_pd(1.0 / 4294967296.0), pv = _mm512_set1_pd(p);
    __mmask8 lo = _mm512_cmp_pd_mask(_mm512_mul_pd(_mm512_cvtepu32_pd(_mm512_castsi512_si256(w)), scale), pv, _CMP_LT_OQ);
    __mmask8 hi = _mm512_cmp_pd_mask(_mm512_mul_pd(_mm512_cvtepu32_pd(_mm512_extracti64x4_epi64(w, 1)), scale), pv, _CMP_LT_OQ);
    return (__mmask16)(lo | (hi << 8));
}

/* One group of sixteen residents in lanes: its streams' words, its residents' fields, and the tie
 * changes of its week so far. */
typedef struct {
    lane_words s;
    long i0;
    int count;
    __mmask16 valid, hasTies, inInitiative, crowded, anyChange;
    __m512i n, pos, me, gi, ini, deg, row, lo, size;
    __m512 tc, ti, pi, pi65536;
    __mmask16 removedAt[MAX_ENCOUNTERS], addedAt[MAX_ENCOUNTERS];
    int32_t other[MAX_ENCOUNTERS * LANES];
} lane_group;

/* The week's start for residents i0 ..< i0 + count: first blocks, encounters, fields, forgetting. */
AVX512 static inline __attribute__((always_inline)) void group_begin(const buurt_meet_args *a, lane_group *g, long i0, int count, int nmax) {
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i izero = _mm512_setzero_si512();
    const __m512 priors = _mm512_setr_ps(a->institutional_prior[0], a->institutional_prior[1], a->institutional_prior[2],
                                         a->institutional_prior[3], 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    g->i0 = i0; g->count = count;
    const __mmask16 valid = g->valid = (__mmask16)((1u << count) - 1);
    g->s.key = a->key; g->s.c0 = a->c0;
    for (int l = 0; l < LANES; l++) g->s.c1[l] = a->c1_tick | (uint32_t)(i0 + l);
    first_blocks(&g->s);
    /* The number of encounters (stochastic rounding, from word 0, when x is not whole). */
    g->n = _mm512_set1_epi32(a->n_floor); g->pos = izero;
    if (!a->whole) {
        g->n = _mm512_mask_add_epi32(g->n, uniform_below(_mm512_loadu_si512(g->s.w), a->frac), g->n, _mm512_set1_epi32(1));
        g->pos = _mm512_set1_epi32(1);
    }
    g->me = _mm512_add_epi32(_mm512_set1_epi32((int32_t)i0), lane);
    __m512 tc = _mm512_maskz_loadu_ps(valid, a->trust_c + i0), ti = _mm512_maskz_loadu_ps(valid, a->trust_i_prev + i0);
    g->gi = _mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(valid, a->group + i0));
    g->ini = _mm512_maskz_loadu_epi32(valid, a->initiative + i0);
    g->pi = _mm512_maskz_loadu_ps(valid, a->propensity + i0);
    g->deg = _mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(valid, a->degree + i0));
    g->row = _mm512_mullo_epi32(g->me, _mm512_set1_epi32(a->cap));
    /* The neighbourhood's residents lo ..< lo + size, for meeting a stranger. */
    const __m512i nh = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(valid, a->nh_of + i0));
    const __m256i nhA = _mm512_castsi512_si256(nh), nhB = _mm512_extracti64x4_epi64(nh, 1);
    const long long *starts = (const long long *)a->nh_start;
    g->lo = _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi64_epi32(_mm512_i32gather_epi64(nhA, starts, 8))),
                               _mm512_cvtepi64_epi32(_mm512_i32gather_epi64(nhB, starts, 8)), 1);
    const __m512i hiN = _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi64_epi32(_mm512_i32gather_epi64(nhA, starts + 1, 8))),
                                           _mm512_cvtepi64_epi32(_mm512_i32gather_epi64(nhB, starts + 1, 8)), 1);
    g->size = _mm512_sub_epi32(hiN, g->lo);
    g->crowded = _mm512_cmpge_epi32_mask(g->size, _mm512_set1_epi32(2));
    /* Forgetting: trust drifts back to the group's prior. */
    g->tc = _mm512_add_ps(tc, _mm512_mul_ps(_mm512_set1_ps(a->forget), _mm512_sub_ps(_mm512_set1_ps(a->community_prior), tc)));
    g->ti = _mm512_add_ps(ti, _mm512_mul_ps(_mm512_set1_ps(a->forget), _mm512_sub_ps(_mm512_permutexvar_ps(g->gi, priors), ti)));
    g->hasTies = _mm512_mask_cmpgt_epi32_mask(valid, g->deg, izero);
    g->inInitiative = _mm512_cmpge_epi32_mask(g->ini, izero);
    g->pi65536 = _mm512_mul_ps(g->pi, _mm512_set1_ps(65536));
    g->anyChange = 0;
    for (int e = 0; e < nmax; e++) g->removedAt[e] = g->addedAt[e] = 0;
}

/* Encounter e of every lane that has one. */
AVX512 static inline __attribute__((always_inline)) void group_encounter(const buurt_meet_args *a, lane_group *g, int e) {
    const __m512 f65536 = _mm512_set1_ps(65536), zero = _mm512_setzero_ps(), one = _mm512_set1_ps(1);
    const __m512i lo16 = _mm512_set1_epi32(0xffff), izero = _mm512_setzero_si512();
    const __mmask16 active = _mm512_mask_cmpgt_epi32_mask(g->valid, g->n, _mm512_set1_epi32(e));
    if (!active) return;
    lane_words *s = &g->s;
    __m512i pos = g->pos;
    __m512 tc = g->tc, ti = g->ti;
    const __m512i gi = g->gi, ini = g->ini, deg = g->deg;
    const int base = 2 * e + (a->whole ? 0 : 1);
    const __m512i w1 = words_at(s, active, pos, base);
    const __m512i w2 = words_at(s, active, _mm512_add_epi32(pos, _mm512_set1_epi32(1)), base + 1);
    pos = _mm512_mask_add_epi32(pos, active, pos, _mm512_set1_epi32(2));
    const __m512 hi2 = _mm512_cvtepi32_ps(_mm512_srli_epi32(w2, 16));
    const __m512i low2 = _mm512_and_si512(w2, lo16);
    const __mmask16 tie = _mm512_mask_cmp_ps_mask(active & g->hasTies, _mm512_cvtepi32_ps(_mm512_srli_epi32(w1, 16)),
                                                  _mm512_set1_ps(a->p_random16), _CMP_GE_OQ);
    const __mmask16 stranger = active & ~tie & g->crowded;
    __mmask16 good = 0, broken = 0, pretest = 0;
    __m512i j = izero;
    if (tie) {
        const __m512i slot = _mm512_add_epi32(g->row, _mm512_srli_epi32(_mm512_mullo_epi32(_mm512_and_si512(w1, lo16), deg), 16));
        j = load_i32(a->target, tie, slot);
        const __m512i gj = load_u8(a->group, tie, j);
        /* The partner's initiative matters only to a resident in one (few are). */
        const __mmask16 joined = tie & g->inInitiative;
        const __mmask16 sameI = joined
            ? _mm512_mask_cmpeq_epi32_mask(joined, ini, load_i32(a->initiative, joined, j)) : 0;
        const __mmask16 cross = _mm512_cmpneq_epi32_mask(gi, gj);
        const __m512 pGood = _mm512_sub_ps(
            _mm512_add_ps(_mm512_set1_ps(a->good_share), _mm512_mul_ps(_mm512_mask_blend_ps(sameI, zero, one), _mm512_set1_ps(a->same_bonus))),
            _mm512_mul_ps(_mm512_mask_blend_ps(cross, zero, one), _mm512_set1_ps(a->cross_penalty)));
        good = _mm512_mask_cmp_ps_mask(tie, hi2, _mm512_mul_ps(pGood, f65536), _CMP_LT_OQ);
        __m512 rec = _mm512_mul_ps(load_f32(a->reciprocity, tie, slot), _mm512_set1_ps(a->rec_memory));
        const __m512 t0 = load_f32(a->tie_trust, tie, slot);
        __m512 t = _mm512_mask_blend_ps(good, lanes_down(a, t0, 1), lanes_up(a, t0, 1));
        const __m512 pj = load_f32(a->propensity, tie, j);
        const __m512 prevJ = load_f32(a->trust_i_prev, tie, j);
        const __m512 diffused = _mm512_mul_ps(_mm512_set1_ps(a->diffusion), _mm512_sub_ps(prevJ, ti));
        const __mmask16 gaveM = _mm512_cmp_ps_mask(_mm512_mul_ps(_mm512_cvtepi32_ps(low2), _mm512_add_ps(g->pi, pj)), g->pi65536, _CMP_LT_OQ);
        const __m512 gave = _mm512_mask_blend_ps(gaveM, _mm512_set1_ps(-1), one);
        ti = _mm512_mask_add_ps(ti, tie, ti, _mm512_mask_blend_ps(good, zero, diffused));
        rec = _mm512_add_ps(rec, _mm512_mask_blend_ps(good, zero, gave));
        const __m512 penalised = lanes_down(a, t, a->one_sided_w);
        t = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(_mm512_abs_ps(rec), _mm512_set1_ps(a->one_sided), _CMP_GT_OQ), t, penalised);
        store_f32(a->tie_trust, tie, slot, t);
        store_f32(a->reciprocity, tie, slot, rec);
        broken = _mm512_mask_cmp_ps_mask(tie, t, _mm512_set1_ps(a->break_below), _CMP_LT_OQ);
        pretest = _mm512_mask_cmplt_epu32_mask(tie & ~broken, low2, _mm512_set1_epi32((int32_t)a->drop16));
    }
    /* One more word: the exact drop test after the coarse one, or the stranger's index. */
    const __mmask16 third = pretest | stranger;
    __m512i w3 = izero;
    if (third) {
        w3 = gather_words(s, third, pos, 0);
        pos = _mm512_mask_add_epi32(pos, third, pos, _mm512_set1_epi32(1));
    }
    const __mmask16 removed = broken | (pretest ? uniform_below(w3, a->drop_chance) & pretest : 0);
    __mmask16 met = 0, added = 0;
    __m512i k = izero;
    if (stranger) {
        /* Lemire's multiply-and-shift: the high and low halves of w3 x size, lane by lane. */
        const __m512i size = g->size;
        const __m512i pe = _mm512_mul_epu32(w3, size);
        const __m512i po = _mm512_mul_epu32(_mm512_srli_epi64(w3, 32), _mm512_srli_epi64(size, 32));
        __m512i hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(pe, 32), po);
        const __m512i low = _mm512_mask_blend_epi32(0xAAAA, pe, _mm512_slli_epi64(po, 32));
        const __mmask16 redraw = _mm512_mask_cmplt_epu32_mask(stranger, low, size);
        if (redraw) { /* rare: the draw may be rejected; redo it lane by lane */
            int32_t pv[LANES], hv[LANES], sv[LANES];
            _mm512_storeu_si512(pv, pos); _mm512_storeu_si512(hv, hi); _mm512_storeu_si512(sv, size);
            for (unsigned m = redraw; m; m &= m - 1) {
                int l = __builtin_ctz(m);
                pv[l] -= 1;
                hv[l] = (int32_t)below(s, l, &pv[l], (uint32_t)sv[l]);
            }
            pos = _mm512_loadu_si512(pv); hi = _mm512_loadu_si512(hv);
        }
        k = _mm512_add_epi32(g->lo, hi);
        met = _mm512_mask_cmpneq_epi32_mask(stranger, k, g->me);
        const __m512i gk = load_u8(a->group, met, k);
        const __mmask16 same = _mm512_cmpeq_epi32_mask(gi, gk);
        const __m512 pGood = _mm512_sub_ps(_mm512_set1_ps(a->good_share), _mm512_mask_blend_ps(same, _mm512_set1_ps(a->cross_penalty), zero));
        const __mmask16 goodS = _mm512_mask_cmp_ps_mask(met, hi2, _mm512_mul_ps(pGood, f65536), _CMP_LT_OQ);
        good |= goodS;
        const __m512 form = _mm512_mask_blend_ps(same, _mm512_set1_ps(a->tie_form_cross16), _mm512_set1_ps(a->tie_form16));
        added = _mm512_mask_cmp_ps_mask(goodS, _mm512_cvtepi32_ps(low2), form, _CMP_LT_OQ);
    }
    /* Community trust: every encounter with a tie, and every stranger actually met. */
    const __mmask16 felt = tie | met;
    const __m512 tcNew = _mm512_mask_blend_ps(good, lanes_down(a, tc, a->wc), lanes_up(a, tc, a->wc));
    g->tc = _mm512_mask_blend_ps(felt, tc, tcNew);
    g->ti = ti; g->pos = pos;
    if (removed | added) {
        _mm512_mask_storeu_epi32(g->other + e * LANES, removed, j);
        _mm512_mask_storeu_epi32(g->other + e * LANES, added, k);
        g->removedAt[e] = removed; g->addedAt[e] = added; g->anyChange |= removed | added;
    }
}

/* The week's end: trust written back (the tie changes are appended by the driver, `group_end`). */
AVX512 static inline __attribute__((always_inline)) void group_store(const buurt_meet_args *a, const lane_group *g) {
    _mm512_mask_storeu_ps(a->trust_c + g->i0, g->valid, g->tc);
    _mm512_mask_storeu_ps(a->trust_i + g->i0, g->valid, g->ti);
}

/* The partners of a group's first two encounters, as far as they can be told before the week
 * runs (the words at the positions a week without extra draws uses): their fields are asked of
 * memory now, one pair of groups ahead, so they have arrived when the encounters need them. In a
 * city they come from main memory; a wrong guess only fetches a line for nothing. */
AVX512 static inline void prefetch_partners(const buurt_meet_args *a, const lane_group *g, int nmax) {
    const int first = a->whole ? 0 : 1;
    for (int e = 0; e < 2 && e < nmax; e++) {
        const int base = first + 2 * e;
        if (base >= 4 * FIRST_BLOCKS) break;
        const __m512i w1 = _mm512_loadu_si512(g->s.w + base * LANES);
        const __mmask16 tie = _mm512_mask_cmp_ps_mask(g->hasTies, _mm512_cvtepi32_ps(_mm512_srli_epi32(w1, 16)),
                                                      _mm512_set1_ps(a->p_random16), _CMP_GE_OQ);
        if (!tie) continue;
        const __m512i slot = _mm512_add_epi32(g->row, _mm512_srli_epi32(
            _mm512_mullo_epi32(_mm512_and_si512(w1, _mm512_set1_epi32(0xffff)), g->deg), 16));
        int32_t sv[LANES];
        _mm512_storeu_si512(sv, slot);
        for (unsigned m = tie; m; m &= m - 1) {
            const int32_t j = a->target[sv[__builtin_ctz(m)]];
            if (j < 0) continue;
            _mm_prefetch((const char *)(a->group + j), _MM_HINT_T0);
            _mm_prefetch((const char *)(a->propensity + j), _MM_HINT_T0);
            _mm_prefetch((const char *)(a->trust_i_prev + j), _MM_HINT_T0);
        }
    }
}

#define KERNEL_TARGET AVX512
#define KERNEL_ENTRY buurt_meet_avx512
#include "meet_driver.h"

#endif /* __x86_64__ */
