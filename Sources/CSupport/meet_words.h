/* The words of sixteen (buurt_meet.c, AVX-512) or eight (buurt_meet_avx2.c, AVX2) residents'
 * Philox streams for one week of meet, and the scalar draws from them: shared by both kernels, each
 * of which defines LANES (residents a group) and FIRST_BLOCKS (blocks computed for every lane up
 * front; later ones lane by lane, when needed) before including this. Internal to CSupport. */
#ifndef BUURT_MEET_WORDS_H
#define BUURT_MEET_WORDS_H
#include <Random123/philox.h>
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

static inline void block(const lane_words *s, int lane, int k, uint32_t out[4]) {
    philox2x64_ctr_t c = {{s->c0 + (uint64_t)k, s->c1[lane]}};
    philox2x64_key_t key = {{s->key}};
    philox2x64_ctr_t r = philox2x64(c, key);
    out[0] = (uint32_t)r.v[0]; out[1] = (uint32_t)(r.v[0] >> 32);
    out[2] = (uint32_t)r.v[1]; out[3] = (uint32_t)(r.v[1] >> 32);
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
