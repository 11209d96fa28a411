/* The words of sixteen (buurt_meet.c, AVX-512) or eight (buurt_meet_avx2.c, AVX2) residents'
 * Philox streams for one week of meet, and the scalar draws from them: shared by both kernels, each
 * of which defines LANES (residents a group) and FIRST_BLOCKS (blocks computed for every lane up
 * front; later ones lane by lane, when needed) before including this. Internal to CSupport. */
#ifndef BUURT_MEET_WORDS_H
#define BUURT_MEET_WORDS_H
#include <Random123/philox.h>
#include <immintrin.h>
#include <stdint.h>

#define MAX_ENCOUNTERS 24                          /* n_floor + 1 at most; the lever allows 20 */
#define WORDS (4 * ((1 + 3 * MAX_ENCOUNTERS + 3) / 4) + 4) /* a week's words, most a resident can use */

/* A group of LANES residents: their streams' words (position-major: word p of lane l at
 * w[p * LANES + l]) and how many of each lane's words are computed. */
typedef struct {
    uint32_t w[WORDS * LANES];
    int32_t have[LANES];
    uint64_t key, c0, c1[LANES];
} lane_words;

/* Block k of a lane's stream: Philox4x32-10 at counter (c0 + k, c1[lane]) under the key, with the
 * counter's and key's 64-bit words split into 32-bit ones low half first (as CGSL/shim.h). */
static inline void block(const lane_words *s, int lane, int k, uint32_t out[4]) {
    const uint64_t c0 = s->c0 + (uint64_t)k, c1 = s->c1[lane];
    philox4x32_ctr_t c = {{(uint32_t)c0, (uint32_t)(c0 >> 32), (uint32_t)c1, (uint32_t)(c1 >> 32)}};
    philox4x32_key_t key = {{(uint32_t)s->key, (uint32_t)(s->key >> 32)}};
    philox4x32_ctr_t r = philox4x32(c, key);
    out[0] = r.v[0]; out[1] = r.v[1]; out[2] = r.v[2]; out[3] = r.v[3];
}

/* Block k of eight consecutive lanes' streams (lanes `first` ..< first + 8 of the group, agents
 * c1[first] ... + 7, one counter word 2 each) in AVX2 vectors, into the buffer's words 4k ..< 4k + 4:
 * Random123's philox4x32 round, lane by lane the same bits (a 32 x 32 -> 64-bit multiply is one
 * vpmuludq for the even lanes and one for the odd). Both kernels use it (the AVX-512 one for each
 * half of its sixteen lanes). */
__attribute__((target("avx2"))) static inline void blocks_in_lanes8(lane_words *s, int first, int k) {
    const uint64_t c0 = s->c0 + (uint64_t)k;
    __m256i x0 = _mm256_set1_epi32((int32_t)(uint32_t)c0), x1 = _mm256_set1_epi32((int32_t)(uint32_t)(c0 >> 32));
    __m256i x2 = _mm256_setr_epi32((int32_t)(uint32_t)s->c1[first], (int32_t)(uint32_t)s->c1[first + 1],
                                   (int32_t)(uint32_t)s->c1[first + 2], (int32_t)(uint32_t)s->c1[first + 3],
                                   (int32_t)(uint32_t)s->c1[first + 4], (int32_t)(uint32_t)s->c1[first + 5],
                                   (int32_t)(uint32_t)s->c1[first + 6], (int32_t)(uint32_t)s->c1[first + 7]);
    __m256i x3 = _mm256_set1_epi32((int32_t)(uint32_t)(s->c1[first] >> 32));
    const __m256i m0 = _mm256_set1_epi32((int32_t)PHILOX_M4x32_0), m1 = _mm256_set1_epi32((int32_t)PHILOX_M4x32_1);
    uint32_t k0 = (uint32_t)s->key, k1 = (uint32_t)(s->key >> 32);
    for (int r = 0; r < 10; r++) {
        const __m256i e0 = _mm256_mul_epu32(x0, m0), o0 = _mm256_mul_epu32(_mm256_srli_epi64(x0, 32), m0);
        const __m256i e1 = _mm256_mul_epu32(x2, m1), o1 = _mm256_mul_epu32(_mm256_srli_epi64(x2, 32), m1);
        const __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(e0, 32), o0, 0xAA);
        const __m256i lo0 = _mm256_blend_epi32(e0, _mm256_slli_epi64(o0, 32), 0xAA);
        const __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(e1, 32), o1, 0xAA);
        const __m256i lo1 = _mm256_blend_epi32(e1, _mm256_slli_epi64(o1, 32), 0xAA);
        x0 = _mm256_xor_si256(_mm256_xor_si256(hi1, x1), _mm256_set1_epi32((int32_t)k0));
        x1 = lo1;
        x2 = _mm256_xor_si256(_mm256_xor_si256(hi0, x3), _mm256_set1_epi32((int32_t)k1));
        x3 = lo0;
        k0 += PHILOX_W32_0; k1 += PHILOX_W32_1;
    }
    _mm256_storeu_si256((__m256i *)(s->w + (4 * k + 0) * LANES + first), x0);
    _mm256_storeu_si256((__m256i *)(s->w + (4 * k + 1) * LANES + first), x1);
    _mm256_storeu_si256((__m256i *)(s->w + (4 * k + 2) * LANES + first), x2);
    _mm256_storeu_si256((__m256i *)(s->w + (4 * k + 3) * LANES + first), x3);
}

/* Word p of a lane's stream (computing blocks as needed; beyond the buffer, computed directly). */
static inline uint32_t word_at(lane_words *s, int lane, int p) {
    uint32_t b[4];
    if (p >= WORDS) { block(s, lane, p / 4, b); return b[p % 4]; }
    while (s->have[lane] <= p) {
        int k = s->have[lane] / 4;
        block(s, lane, k, b);
        for (int q = 0; q < 4; q++) s->w[(4 * k + q) * LANES + lane] = b[q];
        s->have[lane] += 4;
    }
    return s->w[p * LANES + lane];
}

/* Uniform integer in 0 ..< n from lane's stream at *pos (Lemire with rejection, as cgsl_philox_below). */
static inline uint32_t below(lane_words *s, int lane, int32_t *pos, uint32_t n) {
    uint64_t m = (uint64_t)word_at(s, lane, (*pos)++) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t floor = (uint32_t)(-n) % n;
        while (low < floor) { m = (uint64_t)word_at(s, lane, (*pos)++) * n; low = (uint32_t)m; }
    }
    return (uint32_t)(m >> 32);
}

#endif
